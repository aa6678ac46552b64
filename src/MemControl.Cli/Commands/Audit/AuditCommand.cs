using System.Globalization;
using MemControl.Cli.Commands.Evaluate;
using MemControl.Data.Manifests;
using MemControl.Metrics.Features;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Audit;
using MemControl.Workflow.Evaluation;

namespace MemControl.Cli.Commands.Audit;

/// <summary>
/// <c>memcontrol audit</c>: memorization metrics for images made by any generator (docs/decisions.md §8), with a nearest-neighbour
/// gallery and an HTML/Markdown report. Reads a training manifest and a folder of images; needs no model.
/// User mistakes are thrown as InvalidDataException/FileNotFoundException/... and become one line via UserErrors.
/// </summary>
public sealed class AuditCommand(IAnsiConsole console, StatusConsole status) : Command<AuditSettings>
{
    public override int Execute(CommandContext context, AuditSettings settings, CancellationToken cancellationToken)
    {
        var training = ManifestDataset.Open(Path.GetFullPath(settings.Train!), new ManifestOptions { AllowPathsOutsideRoot = settings.AllowOutsidePaths });
        var generated = GeneratedFolder.Read(settings.Generated!, settings.Prompts);
        using var extractor = FeatureExtractorChoice.Create(settings.FeatureModel, "--feature-model");
        var options = new AuditOptions(Path.GetFullPath(settings.Generated!), settings.Size, settings.ReplicationThreshold, settings.BaselineQuantile);

        AuditResult result;
        if (status.Console.Profile.Capabilities.Interactive)
        {
            result = status.Console.Progress().Start(progress => new Auditor(extractor, new SpectreAuditProgress(progress)).Run(training, generated, options, cancellationToken));
        }
        else
        {
            result = new Auditor(extractor, new PlainAuditProgress(status.Console)).Run(training, generated, options, cancellationToken);
        }

        var gallery = AuditGallery.Rows(result, generated, training, settings.Top);
        var written = AuditReportWriter.Write(settings.Out!, result, gallery);

        var table = new Table().AddColumn("measure").AddColumn("value");
        foreach (var (what, value) in AuditReportWriter.Summary(result))
        {
            table.AddRow(Markup.Escape(what), Markup.Escape(value));
        }

        console.Write(table);
        var worst = result.Images[0];
        console.MarkupLineInterpolated(
            $"closest: {worst.File} ↔ {worst.NearestTrainingId} (1 − cos {worst.FeatureDistance.ToString("0.0000", CultureInfo.InvariantCulture)}, pixel RMS {worst.PixelRms.ToString("0.0000", CultureInfo.InvariantCulture)})");
        console.MarkupLineInterpolated($"wrote {string.Join(", ", written.Select(Path.GetFileName))} to {Path.GetFullPath(settings.Out!)}");
        return 0;
    }
}
