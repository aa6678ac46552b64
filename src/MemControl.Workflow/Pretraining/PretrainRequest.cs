using MemControl.Training.Pretraining;

namespace MemControl.Workflow.Pretraining;

/// <summary>A base model of the SD-1.x classes trained from scratch (<see cref="PretrainRunner.Run"/>), as the built-in model was made.</summary>
public sealed record PretrainRequest
{
    /// <summary>The value of <see cref="Data"/> that means Debian's Fashion-MNIST files.</summary>
    public const string FashionMnist = "fashion-mnist";

    /// <summary>A manifest CSV, or <see cref="FashionMnist"/>.</summary>
    public string Data { get; init; } = FashionMnist;

    /// <summary>The architecture and tokenizer size (<see cref="PretrainRecipes"/>).</summary>
    public PretrainRecipe Recipe { get; init; } = PretrainRecipes.ByName("builtin-small");

    /// <summary>Steps, batch, learning rate, seed.</summary>
    public PretrainOptions Training { get; init; } = new();

    /// <summary>Torch threads.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Generated and held-out images of the FD check.</summary>
    public int FdImages { get; init; } = 500;

    /// <summary>The model folder to create; it must not exist.</summary>
    public required string Output { get; init; }
}
