using MemControl.Storage;

namespace MemControl.Workflow.Cluster;

/// <summary>Which storages the workers of an array job can share.</summary>
public static class ClusterStorage
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> unless <paramref name="tasks"/> array tasks can all reach the study in
    /// <paramref name="url"/>: memory is one process's; SQLite is one file whose locks hold on one machine only.
    /// </summary>
    /// <param name="singleNode">The user's word that every task runs on one node (a one-machine partition).</param>
    public static void RequireShared(StorageUrl url, int tasks, bool singleNode)
    {
        if (url.Kind == "memory")
        {
            throw new ArgumentException("Storage: array tasks are separate processes and need a shared storage (postgresql://user@host:port/db, or sqlite:///… on one node)");
        }

        if (url.Kind == "sqlite" && tasks > 1 && !singleNode)
        {
            throw new ArgumentException(
                $"Storage: {tasks} array tasks may run on different nodes, and SQLite ('{url.Display}') cannot be shared between nodes: "
                + "its file locks are unreliable on network file systems (NFS, Lustre), so two workers could claim the same trial or corrupt the study. "
                + "Use PostgreSQL (postgresql://user@host:port/db), or declare that all tasks run on one node (SingleNode)");
        }
    }
}
