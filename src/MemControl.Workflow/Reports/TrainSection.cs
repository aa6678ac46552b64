using System.Text.Json.Nodes;

namespace MemControl.Workflow.Reports;

/// <summary>The final training run (train/): what was trained, how long, and its loss curve.</summary>
public static class TrainSection
{
    public static void Add(ReportPage page, RunFolder run, JsonNode? train)
    {
        page.Heading("Training");
        var loss = run.Png(RunFiles.TrainLoss, "training loss plot");
        if (train is null && loss is null)
        {
            page.Paragraph("No training run in this run folder (train/).", note: true);
            return;
        }

        if (train is not null)
        {
            page.Table(["field", "value"], new[]
            {
                ("method", "options.method"), ("mask", "options.mask.bits"), ("mitigation", "options.mitigation"), ("steps", "steps"),
                ("batch size", "options.batch_size"), ("learning rate", "options.learning_rate"), ("trainable values", "trainable_count"),
                ("training images", "training_images"), ("final loss", "final_loss"), ("seconds", "seconds"),
            }.Select(pair => (IReadOnlyList<HtmlCell>)[pair.Item1, JsonPath.Display(JsonPath.Get(train, pair.Item2))]).ToList());
        }

        if (loss is not null)
        {
            page.Image(loss, "training loss by step", RunFiles.TrainLoss);
        }
    }
}
