using MemControl.Training.Pretraining;
using static MemControl.Workflow.Requirements;

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

    /// <summary>Torch threads for the run (the process's setting is put back afterwards).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Generated and held-out images of the FD check.</summary>
    public int FdImages { get; init; } = 500;

    /// <summary>The model folder to create; it must not exist.</summary>
    public required string Output { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first property (of this or <see cref="Training"/>) that is wrong.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Output), $"{nameof(Output)}: the model folder to write is required");
        Require(Threads >= 1, $"{nameof(Threads)}: must be at least 1, not {Threads}");
        Require(FdImages >= 0, $"{nameof(FdImages)}: must not be negative, not {FdImages}");
        Training.Validate();
    }
}
