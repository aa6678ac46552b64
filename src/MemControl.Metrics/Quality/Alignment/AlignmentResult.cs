namespace MemControl.Metrics.Quality.Alignment;

/// <summary>How well generations show the findings their prompts asked for.</summary>
/// <param name="LabelAgreement">Mean over images and findings of [classifier reading == prompt finding].</param>
/// <param name="ExactMatchRate">Share of images whose every finding reads as the prompt says.</param>
/// <param name="PerImageAgreement">Per image, its share of agreeing findings.</param>
public sealed record AlignmentResult(double LabelAgreement, double ExactMatchRate, IReadOnlyList<double> PerImageAgreement);
