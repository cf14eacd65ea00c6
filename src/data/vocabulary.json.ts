import {emitJson} from "../../loaders/warehouse.ts";
import {siteVocabulary} from "../../loaders/site-vocabulary.ts";

emitJson(siteVocabulary());
