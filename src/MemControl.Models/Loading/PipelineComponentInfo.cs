namespace MemControl.Models.Loading;

/// <summary>One entry of model_index.json: component <paramref name="Name"/> is class <paramref name="ClassName"/> of library <paramref name="Library"/> ("diffusers", "transformers").</summary>
public sealed record PipelineComponentInfo(string Name, string Library, string ClassName, string Directory);
