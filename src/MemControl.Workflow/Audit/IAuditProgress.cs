namespace MemControl.Workflow.Audit;

/// <summary>Receives the audit's progress: <paramref name="done"/> of <paramref name="total"/> steps of a named stage.</summary>
public interface IAuditProgress
{
    void Report(string stage, int done, int total);
}
