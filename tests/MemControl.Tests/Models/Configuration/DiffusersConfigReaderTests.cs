using System.Text.Json;
using MemControl.Models.Configuration;

namespace MemControl.Tests.Models.Configuration;

/// <summary>The one reader of diffusers configs (models and schedulers): choices, number lists and class defaults that are unsupported.</summary>
public sealed class DiffusersConfigReaderTests
{
    private static readonly Dictionary<string, int> Schedules = new() { ["linear"] = 1, ["scaled_linear"] = 2 };

    private static DiffusersConfigReader Reader(string json) => DiffusersConfigReader.FromElement(JsonDocument.Parse(json).RootElement, "cfg.json");

    [Fact]
    public void A_choice_maps_its_name_takes_the_default_when_missing_and_lists_the_names_when_unknown()
    {
        Assert.Equal(2, Reader("""{"beta_schedule": "scaled_linear"}""").Choice("beta_schedule", 1, Schedules));
        Assert.Equal(1, Reader("""{"beta_schedule": null}""").Choice("beta_schedule", 1, Schedules));

        var error = Assert.Throws<InvalidDataException>(() => Reader("""{"beta_schedule": "cosine"}""").Choice("beta_schedule", 1, Schedules));
        Assert.Equal("cfg.json: 'beta_schedule' must be one of \"linear\", \"scaled_linear\", not \"cosine\"", error.Message);
    }

    [Fact]
    public void A_number_list_is_null_when_missing_or_null_and_refuses_other_values()
    {
        Assert.Null(Reader("{}").DoubleListOrNull("trained_betas"));
        Assert.Null(Reader("""{"trained_betas": null}""").DoubleListOrNull("trained_betas"));
        Assert.Equal([0.1, 0.2], Reader("""{"trained_betas": [0.1, 0.2]}""").DoubleListOrNull("trained_betas")!);
        Assert.Throws<InvalidDataException>(() => Reader("""{"trained_betas": ["a"]}""").DoubleListOrNull("trained_betas"));
    }

    [Fact]
    public void A_missing_key_whose_class_default_is_unsupported_is_refused_naming_the_default()
    {
        var error = Assert.Throws<InvalidDataException>(() => Reader("{}").RequireSupported("skip_prk_steps", true, valueWhenMissing: false));

        Assert.Equal("cfg.json: 'skip_prk_steps' is missing (default false), but only true is supported", error.Message);
        Reader("{}").RequireSupported("thresholding", false);
        Reader("""{"skip_prk_steps": true}""").RequireSupported("skip_prk_steps", true, valueWhenMissing: false);
    }
}
