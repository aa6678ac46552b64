using MemControl.Data;

namespace MemControl.Metrics.Evaluation;

/// <summary>The data one evaluation reads.</summary>
/// <param name="Training">The images the model was fine-tuned on: searched for nearest neighbours (AMD, replication,
/// copying) and, when it carries 0/1 finding labels, used to train the alignment's findings classifier.</param>
/// <param name="HeldOut">Held-out prompts with their real images (FD against them; their finding labels = what each prompt asks for).</param>
/// <param name="MemorizationIndices">Optional rows of <paramref name="Training"/> whose captions are the memorization
/// prompts; each prompt's own training image is that row (copying, extraction attack, denoising strength).</param>
public sealed record EvaluationInputs(IImageCaptionDataset Training, IImageCaptionDataset HeldOut, IReadOnlyList<int>? MemorizationIndices = null)
{
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Training);
        ArgumentNullException.ThrowIfNull(HeldOut);
        if (Training.Items.Count < 2)
        {
            throw new InvalidDataException($"{Training.Name}: an evaluation needs at least 2 training images (the baselines compare each with its nearest other one)");
        }

        if (HeldOut.Items.Count < 1)
        {
            throw new InvalidDataException($"{HeldOut.Name}: no held-out prompt to evaluate");
        }

        foreach (var index in MemorizationIndices ?? [])
        {
            if ((uint)index >= (uint)Training.Items.Count)
            {
                throw new ArgumentException($"memorization index {index} is outside the {Training.Items.Count} training items");
            }
        }
    }
}
