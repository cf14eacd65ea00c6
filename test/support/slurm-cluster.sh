#!/usr/bin/env bash
# A one-node Slurm cluster on localhost for test/run/slurm.test.ts (Debian's slurm-wlm + munge, no systemd; daemons
# run as root, through sudo when the caller is not root):
#   slurm-cluster.sh start <dir>   writes <dir>/slurm.conf, starts munged, slurmctld, slurmd; prints SLURM_CONF=…
#   slurm-cluster.sh stop <dir>    stops the daemons by the pids in their pid files
# Everything lives in <dir> (state, spool, logs, pids) and listens on non-default ports, so it disturbs nothing else.
set -euo pipefail
cmd=${1:?usage: slurm-cluster.sh start|stop <dir>}
dir=$(realpath -m "${2:?usage: slurm-cluster.sh start|stop <dir>}")
# Non-default ports, so a real cluster's daemons on this host (if any) are not touched; tests pass free ones.
CTLD_PORT=${SLURM_TEST_CTLD_PORT:-16817}
SLURMD_PORT=${SLURM_TEST_SLURMD_PORT:-16818}
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo

stop_pid() {
  local f=$1
  [ -f "$f" ] || return 0
  local pid
  pid=$(cat "$f")
  if [ -n "$pid" ] && $SUDO kill -0 "$pid" 2>/dev/null; then
    $SUDO kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do $SUDO kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  $SUDO rm -f "$f"
}

case "$cmd" in
start)
  command -v slurmctld >/dev/null || { echo "slurm-wlm is not installed (bash .ci/setup installs it)" >&2; exit 3; }
  mkdir -p "$dir"/{state,spool,log}
  host=$(hostname -s)
  cpus=$(nproc)
  # munge: one key per machine; keep an existing one (a real cluster's) and start munged only if none runs.
  if ! pgrep -x munged >/dev/null; then
    $SUDO mkdir -p /etc/munge /run/munge /var/log/munge /var/lib/munge
    if ! $SUDO test -s /etc/munge/munge.key; then
      $SUDO dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    fi
    $SUDO chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge
    $SUDO chmod 400 /etc/munge/munge.key
    $SUDO runuser -u munge -- munged
  fi
  cat >"$dir/slurm.conf" <<EOF
ClusterName=benchbook-test
SlurmctldHost=$host
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ReturnToService=2
MinJobAge=600
NodeName=$host CPUs=$cpus RealMemory=1000 State=UNKNOWN Feature=cpu-test
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$dir/slurm.conf
  $SUDO slurmctld -f "$SLURM_CONF"
  $SUDO slurmd -f "$SLURM_CONF"
  for _ in $(seq 100); do
    if sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then echo "SLURM_CONF=$SLURM_CONF"; exit 0; fi
    sleep 0.2
  done
  echo "the node did not become idle; logs in $dir/log" >&2
  exit 1
  ;;
stop)
  stop_pid "$dir/slurmd.pid"
  stop_pid "$dir/slurmctld.pid"
  ;;
*)
  echo "usage: slurm-cluster.sh start|stop <dir>" >&2
  exit 2
  ;;
esac
