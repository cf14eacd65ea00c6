// Pages run in the browser and cannot import runners/: this hands them the analysis vocabulary (category, outcome,
// flag-kind and failure-class strings with labels, in display order) and the metric catalogue, defined once there.
import {
  CATEGORIES,
  CATEGORY_INFO,
  FAILURE_CLASSES,
  FAILURE_CLASS_INFO,
  FAMILIES,
  FAMILY_INFO,
  FLAG_INFO,
  FLAG_KINDS,
  OUTCOMES,
  OUTCOME_INFO,
  VARIANTS
} from "../runners/analysis/vocabulary.ts";
import {allMetrics} from "../runners/model/metrics.ts";

export function siteVocabulary() {
  return {
    variants: [...VARIANTS],
    categories: CATEGORIES.map((name) => ({name, ...CATEGORY_INFO[name]})),
    outcomes: OUTCOMES.map((name) => ({name, ...OUTCOME_INFO[name]})),
    flagKinds: FLAG_KINDS.map((name) => ({name, ...FLAG_INFO[name]})),
    failureClasses: FAILURE_CLASSES.map((name) => ({name, ...FAILURE_CLASS_INFO[name]})),
    families: FAMILIES.map((name) => ({name, ...FAMILY_INFO[name]})),
    metrics: allMetrics().map(({name, unit, better, description}) => ({name, unit, better, description}))
  };
}
