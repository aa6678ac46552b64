using MemControl.Training;

namespace MemControl.Workflow.FineTuning;

/// <summary>
/// How a runner shows its training loop: it hands over the loop only (not the model load, the set-up or the checks
/// after), so a progress bar covers the steps and nothing else. <see cref="StepCallbackDisplay"/> just forwards steps.
/// </summary>
public interface ITrainingDisplay
{
    /// <summary>Runs <paramref name="training"/>, which reports each step to the callback it is handed; returns its result.</summary>
    T Show<T>(int totalSteps, Func<Action<TrainingProgress>, T> training);
}
