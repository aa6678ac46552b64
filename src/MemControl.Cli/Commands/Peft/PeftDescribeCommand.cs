using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MemControl.Peft;
using MemControl.Peft.Masks;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.BaseModels;

namespace MemControl.Cli.Commands.Peft;

/// <summary>
/// <c>memcontrol peft describe</c>: what a PEFT method with a mask would train on a UNet, per mask bit (with the block
/// it covers) and in total, as values and as a percentage of the UNet's parameters (docs/decisions.md §4). Shapes only: the UNet is
/// built from its configuration on the meta device and no weights are read.
/// </summary>
public sealed class PeftDescribeCommand(IAnsiConsole console) : Command<PeftDescribeSettings>
{
    public override int Execute(CommandContext context, PeftDescribeSettings settings, CancellationToken cancellationToken)
    {
        var options = PeftDescribeOptions.From(settings);
        using var unet = MetaUnet.Build(MetaUnet.ConfigOf(options.Model));
        var method = PeftMethodRegistry.Create(options.Config, new PeftContext("describe"));
        LayerMask? mask = null;
        if (method.SupportsMask)
        {
            mask = options.MaskFor(MaskLayout.For(unet, options.Space));
        }
        else if (options.MaskText is not null)
        {
            throw new ArgumentException($"--mask: the PEFT method '{options.Config.Method}' takes no mask");
        }

        var description = PeftDescription.Describe(unet, options.Config, mask);
        if (settings.Json)
        {
            // Raw writer: Spectre would wrap long lines at the console width.
            console.Profile.Out.Writer.WriteLine(Json(options.Model, description, mask).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            Print(options.Model, description, mask);
        }

        return 0;
    }

    private static string Count(long values) => values.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(long values, PeftDescription description) =>
        Share(values, description).ToString("0.0000", CultureInfo.InvariantCulture) + " %";

    private void Print(string model, PeftDescription description, LayerMask? mask)
    {
        var method = description.Variant is null ? description.Method : $"{description.Method} ({description.Variant})";
        var space = mask is null ? "no mask" : $"space {MaskSpaces.Name(mask.Space)}, mask {mask}";
        console.MarkupLine($"[bold]{Markup.Escape(method)}[/] on [bold]{Markup.Escape(model)}[/]: {Markup.Escape(space)}");

        var table = new Table()
            .AddColumn("bit")
            .AddColumn("block")
            .AddColumn("on")
            .AddColumn(new TableColumn("trainable values").RightAligned())
            .AddColumn(new TableColumn("% of UNet").RightAligned());
        foreach (var bit in description.Bits)
        {
            // A 0 bit's values are shown dimmed: what the bit would train when set, not counted in the total.
            var style = bit.On ? "" : "[dim]";
            var end = bit.On ? "" : "[/]";
            table.AddRow(
                bit.Index.ToString(CultureInfo.InvariantCulture),
                style + Markup.Escape(bit.Name) + end,
                bit.On ? "1" : "0",
                style + Count(bit.Values) + end,
                style + Percent(bit.Values, description) + end);
        }

        table.AddRow("", mask is null ? "everything the method trains" : "outside the bits (always trained)", "",
            Count(description.AlwaysTrainedValues), Percent(description.AlwaysTrainedValues, description));
        table.AddEmptyRow();
        table.AddRow("", "[bold]trainable in total[/]", "", $"[bold]{Count(description.TrainableValues)}[/]",
            $"[bold]{Percent(description.TrainableValues, description)}[/]");
        table.AddRow("", "UNet parameters", "", Count(description.ModelValues), Percent(description.ModelValues, description));
        if (mask is not null)
        {
            table.Caption("[dim]a 0 bit's values (dimmed) are not in the total[/]");
        }

        console.Write(table);
    }

    private static JsonObject Json(string model, PeftDescription description, LayerMask? mask) => new()
    {
        ["model"] = model,
        ["method"] = description.Method,
        ["variant"] = description.Variant,
        ["space"] = mask is null ? null : MaskSpaces.Name(mask.Space),
        ["mask"] = mask is null ? null : new JsonArray(mask.Bits.Select(bit => (JsonNode)(bit ? 1 : 0)).ToArray()),
        ["bits"] = new JsonArray(description.Bits.Select(bit => (JsonNode)new JsonObject
        {
            ["index"] = bit.Index,
            ["block"] = bit.Name,
            ["on"] = bit.On,
            ["values"] = bit.Values,
            ["percent_of_unet"] = Share(bit.Values, description),
        }).ToArray()),
        ["always_trained_values"] = description.AlwaysTrainedValues,
        ["trainable_values"] = description.TrainableValues,
        ["trainable_percent_of_unet"] = description.TrainablePercent,
        ["unet_parameters"] = description.ModelValues,
    };

    private static double Share(long values, PeftDescription description) =>
        description.ModelValues == 0 ? 0 : 100.0 * values / description.ModelValues;
}
