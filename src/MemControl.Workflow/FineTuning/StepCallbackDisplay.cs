using MemControl.Training;

namespace MemControl.Workflow.FineTuning;

/// <summary>An <see cref="ITrainingDisplay"/> that shows nothing and hands every step to <paramref name="onStep"/> (when given).</summary>
public sealed class StepCallbackDisplay(Action<TrainingProgress>? onStep = null) : ITrainingDisplay
{
    public T Show<T>(int totalSteps, Func<Action<TrainingProgress>, T> training) => training(step => onStep?.Invoke(step));
}
