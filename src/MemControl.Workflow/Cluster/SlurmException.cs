namespace MemControl.Workflow.Cluster;

/// <summary>Slurm could not be asked or said no (sbatch missing, slurmctld unreachable, a refused option): the cluster's answer, not a bug.</summary>
public sealed class SlurmException(string message, Exception? inner = null) : Exception(message, inner);
