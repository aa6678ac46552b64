#!/usr/bin/env bash
# Makes sure a one-node Slurm can be started here: slurmctld, slurmd, sbatch (slurm-wlm) and munged (munge). The
# Slurm tests generate their own slurm.conf and start the daemons themselves (tests/MemControl.Tests/Cluster).
# Installs with apt when missing (needs root); quick when present.
set -euo pipefail
have() { command -v "$1" >/dev/null 2>&1; }
if have slurmctld && have slurmd && have sbatch && have munged; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-slurm: Slurm or munge is not installed and this is not root; install slurm-wlm and munge (the Slurm tests skip)." >&2
  exit 0
fi
echo "ensure-slurm: installing slurm-wlm and munge with apt..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq slurm-wlm munge >&2
