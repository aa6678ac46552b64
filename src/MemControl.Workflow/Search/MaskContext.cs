using MemControl.Peft;
using MemControl.Peft.Masks;
using MemControl.Search;
using MemControl.Workflow.BaseModels;
using MemControl.Workflow.FineTuning;

namespace MemControl.Workflow.Search;

/// <summary>What turns a study's genes into a mask file: the method, the base model's identity and its mask layout.</summary>
public sealed record MaskContext(PeftConfig Config, string Identity, MaskLayout Layout)
{
    /// <summary>Loads the model only to read its identity and layout (the search's own process when workers train).</summary>
    public static MaskContext Load(SearchOptions options, string method)
    {
        var config = MethodChoice.Config(method, null);
        var (model, identity) = BaseModel.Load(options.Model);
        using var _ = model;
        return new MaskContext(config, identity, MaskLayout.For(model.Unet, MaskSpaces.Parse(options.Space)));
    }

    /// <summary>The mask file of a trial's genes.</summary>
    public MaskFile MaskFileOf(FrozenTrial trial)
    {
        var (mask, learningRate) = MaskGenes.Read(trial, Layout);
        return MaskFile.Create(Config, mask, Layout, learningRate, TrainableCount(trial), Identity);
    }

    /// <summary>The trial as a point of the front (complete trials only).</summary>
    public SearchPoint PointOf(string method, FrozenTrial trial, double vanillaLearningRate)
    {
        var (mask, learningRate) = MaskGenes.Read(trial, Layout);
        return new SearchPoint(method, trial.Number, trial.Values![0], trial.Values[1], string.Concat(mask.Bits.Select(b => b ? '1' : '0')),
            learningRate, TrainableCount(trial), mask.Bits.All(b => b) && learningRate == vanillaLearningRate);
    }

    private static long TrainableCount(FrozenTrial trial) =>
        trial.UserAttributes.TryGetValue(MemControlObjective.TrainableCountAttribute, out var stored) ? stored.GetInt64() : 0;
}
