using MemControl.Models.Pipelines;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Training;
using MemControl.Workflow.BaseModels;

namespace MemControl.Workflow.Evaluation;

/// <summary>
/// The model an <c>evaluate</c> or <c>detect</c> run measures: <c>--model</c> (a diffusers folder or <c>builtin</c>),
/// with the <c>--adapter</c> of a <c>train</c> run loaded (its base-model identity checked) and merged into plain
/// weights, on <c>--device</c>, in the <see cref="MixedPrecision"/> dtype (docs/scale.md), in evaluation mode.
/// </summary>
public static class EvaluatedModel
{
    /// <returns>The model (caller disposes) and a one-line description of what was loaded.</returns>
    public static (StableDiffusion Model, string Description) Load(string modelOption, string? adapterFolder, string device, MixedPrecision precision = MixedPrecision.No)
    {
        var (model, identity) = BaseModel.Load(modelOption);
        try
        {
            var description = $"model '{modelOption}'";
            if (adapterFolder is not null)
            {
                if (!Directory.Exists(adapterFolder))
                {
                    throw new DirectoryNotFoundException($"Adapter: the folder '{adapterFolder}' does not exist");
                }

                var adapter = AdapterSet.Load(model.Unet, adapterFolder, new PeftContext(identity));
                adapter.Merge();
                description += $" + adapter {adapter.Method.Config.Method} ({adapter.TrainableCount:N0} values, merged)";
            }

            BaseModel.MoveTo(model, device);
            PrecisionCast.Apply(model, precision);
            model.SetEvaluationMode();
            return (model, description);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
