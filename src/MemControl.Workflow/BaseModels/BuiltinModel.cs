namespace MemControl.Workflow.BaseModels;

/// <summary>
/// The built-in base model (README "The built-in base model"): made by <c>memcontrol pretrain</c> on Fashion-MNIST,
/// committed under models/builtin-small (its pretrain.json holds the command that re-creates it) and copied beside the
/// program by the build. <c>--model builtin</c> names it.
/// </summary>
public static class BuiltinModel
{
    public const string Name = "builtin";

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "models", "builtin-small");

    /// <summary>The folder a <c>--model</c> value names: the built-in model's for <c>builtin</c>, else the value itself.</summary>
    public static string Resolve(string model)
    {
        if (model != Name)
        {
            return model;
        }

        return System.IO.Directory.Exists(Directory)
            ? Directory
            : throw new DirectoryNotFoundException(
                $"Model {Name}: the built-in model is not beside the program ({Directory}); rebuild the project, which copies models/builtin-small there");
    }
}
