#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the Slurm test tier and for trying `certify --slurm N`.
#
#   scripts/slurm-local.sh start    as root: installs slurm-wlm and munge if missing (apt-get), creates a munge key,
#                                   starts munged, slurmctld and slurmd, waits until sinfo shows the node idle
#   scripts/slurm-local.sh stop     stops exactly the daemons `start` started (their pids are in $state/pids)
#   scripts/slurm-local.sh status   sinfo
#
# It does not touch a Slurm that was already running: `start` exits 0 at once when sinfo already answers (and then
# `stop` stops nothing). Exit 1 when it cannot set the cluster up (not root, no apt-get, a daemon does not start).
set -uo pipefail
state="${CERTUS_SLURM_STATE:-/var/lib/certus-slurm}"
pids="$state/pids"

log() { echo "slurm-local: $*" >&2; }

wait_idle() {
  for _ in $(seq 1 60); do
    if sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      return 0
    fi
    sleep 1
  done
  return 1
}

start() {
  if [[ -f "$pids" ]] && sinfo -h >/dev/null 2>&1; then
    log "already running (pids in $pids)"
    wait_idle && exit 0
  fi
  if command -v sinfo >/dev/null && sinfo -h >/dev/null 2>&1 && [[ ! -f "$pids" ]]; then
    log "a Slurm cluster is already reachable; using it"
    exit 0
  fi
  if [[ $(id -u) -ne 0 ]]; then
    log "start needs root (it installs packages and starts daemons)"
    exit 1
  fi
  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
    command -v apt-get >/dev/null || { log "slurm-wlm/munge are missing and there is no apt-get"; exit 1; }
    log "installing slurm-wlm and munge (apt-get) ..."
    apt-get update -qq >&2 || { log "apt-get update failed"; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >&2 || { log "apt-get install slurm-wlm munge failed"; exit 1; }
  fi
  mkdir -p "$state" /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /var/lib/munge /var/log/munge /etc/munge
  : > "$pids"

  # munge: a key owned by munge, the daemon as the munge user.
  if [[ ! -s /etc/munge/munge.key ]]; then
    if command -v mungekey >/dev/null; then
      mungekey -c -f -k /etc/munge/munge.key >&2 || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    else
      dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    fi
  fi
  chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
  chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key; chmod 0755 /run/munge
  if ! pgrep -u munge -x munged >/dev/null; then
    su -s /bin/sh munge -c "/usr/sbin/munged --pid-file=/run/munge/munged.pid" || { log "munged did not start"; exit 1; }
    for _ in $(seq 1 20); do [[ -s /run/munge/munged.pid ]] && break; sleep 0.2; done
    echo "munged $(cat /run/munge/munged.pid)" >> "$pids"
  fi

  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(( $(free -m | awk '/^Mem:/ {print $2}') * 9 / 10 ))
  cat > /etc/slurm/slurm.conf <<CONF
# Written by scripts/slurm-local.sh: a one-node cluster.
ClusterName=certus-local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
  # No cgroups (containers rarely allow them): Slurm 23.02+ takes CgroupPlugin=disabled; 22.05 needs no cgroup.conf.
  major=$(slurmd -V 2>/dev/null | sed -n 's/^slurm[^ ]* \([0-9]*\)\.\([0-9]*\).*/\1\2/p')
  if [[ -n "$major" && "$major" -ge 2302 ]]; then
    echo "CgroupPlugin=disabled" > /etc/slurm/cgroup.conf
  elif grep -q 'Written by scripts/slurm-local.sh' /etc/slurm/cgroup.conf 2>/dev/null || grep -qx 'CgroupPlugin=disabled' /etc/slurm/cgroup.conf 2>/dev/null; then
    rm -f /etc/slurm/cgroup.conf
  fi

  /usr/sbin/slurmctld || { log "slurmctld did not start (see /var/log/slurm/slurmctld.log)"; exit 1; }
  for _ in $(seq 1 50); do [[ -s "$state/slurmctld.pid" ]] && break; sleep 0.2; done
  echo "slurmctld $(cat "$state/slurmctld.pid")" >> "$pids"
  /usr/sbin/slurmd || { log "slurmd did not start (see /var/log/slurm/slurmd.log)"; stop; exit 1; }
  for _ in $(seq 1 50); do [[ -s "$state/slurmd.pid" ]] && break; sleep 0.2; done
  echo "slurmd $(cat "$state/slurmd.pid")" >> "$pids"

  if ! wait_idle; then
    log "the node did not become idle in 60 s; sinfo says:"; sinfo >&2 || true
    stop; exit 1
  fi
  scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
  log "up: $(sinfo -h -N -o '%N %T %c CPUs' | head -1)"
}

stop() {
  [[ -f "$pids" ]] || { log "nothing to stop ($pids is missing)"; return 0; }
  # Reverse order: slurmd, slurmctld, munged; each by the pid recorded at start.
  tac "$pids" | while read -r name pid; do
    [[ -n "${pid:-}" ]] || continue
    if kill -0 "$pid" 2>/dev/null && [[ "$(cat /proc/$pid/comm 2>/dev/null)" == "$name" ]]; then
      kill "$pid" 2>/dev/null
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
      log "stopped $name ($pid)"
    fi
  done
  rm -f "$pids"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) sinfo ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
