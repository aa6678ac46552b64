using System.Text.Json;
using MemControl.Models.Loading;
using MemControl.Models.Pipelines;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.DiffFit;
using MemControl.Peft.Lora;
using MemControl.Tests.Support;
using MemControl.Workflow.BaseModels;
using MemControl.Workflow.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Tests.Workflow.Export;

/// <summary><see cref="ModelExporter"/> on the tiny diffusers parity pipeline, with adapters whose tensors are random (not zero).</summary>
public sealed class ModelExporterTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"memcontrol-export-test-{Guid.NewGuid():N}");

    [Fact]
    public void A_merged_export_has_every_component_and_the_base_unets_keys_and_shapes()
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        var adapter = SaveRandomAdapter(model.Path, new DiffFitConfig());
        var output = Path.Combine(root, "merged");

        // When
        var result = ModelExporter.Export(new ExportOptions { Model = model.Path, Adapter = adapter, Output = output });

        // Then: the same model_index.json and components; the UNet's keys and shapes are the base's, its values are not.
        Assert.Equal(File.ReadAllText(Path.Combine(model.Path, "model_index.json")), File.ReadAllText(Path.Combine(output, "model_index.json")));
        foreach (var component in DiffusersFolder.Open(model.Path).Components)
        {
            Assert.True(Directory.Exists(Path.Combine(output, component.Name)), component.Name);
        }

        using var baseWeights = SafetensorsFile.Open(Path.Combine(model.Path, "unet", CheckpointSaver.DiffusersWeightsFileName));
        using var merged = SafetensorsFile.Open(Path.Combine(output, "unet", CheckpointSaver.DiffusersWeightsFileName));
        Assert.Equal(baseWeights.Keys.Order(), merged.Keys.Order());
        Assert.All(baseWeights.Keys, key => Assert.Equal(baseWeights.ShapeOf(key), merged.ShapeOf(key)));
        Assert.Contains(baseWeights.Keys, key => !baseWeights.Read(key).allclose(merged.Read(key), rtol: 0, atol: 0));
        Assert.Equal("difffit", result.Method);
        Assert.Empty(Directory.GetDirectories(root, ".*"));
    }

    [Theory]
    [InlineData("lora")]
    [InlineData("difffit")]
    public void The_merged_exports_unet_computes_what_the_hooked_adapter_computes(string method)
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        PeftConfig config = method == "lora" ? new LoraConfig { Rank = 2, Alpha = 6 } : new DiffFitConfig();
        var adapter = SaveRandomAdapter(model.Path, config);
        var output = Path.Combine(root, "merged");
        ModelExporter.Export(new ExportOptions { Model = model.Path, Adapter = adapter, Output = output });

        // When: the adapter hooked onto the base UNet, and the exported UNet alone.
        var (hookedModel, identity) = BaseModel.Load(model.Path);
        using var hooked = hookedModel;
        AdapterSet.Load(hooked.Unet, adapter, new PeftContext(identity));
        using var exported = StableDiffusion.Load(output);
        var expected = Forward(hooked);
        var actual = Forward(exported);

        // Then
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5), $"max difference {(actual - expected).abs().max().item<float>()}");
        Assert.False(actual.allclose(Forward(LoadBase(model.Path)), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void A_lora_export_names_every_targeted_module_as_diffusers_does_and_keeps_the_update()
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        var adapter = SaveRandomAdapter(model.Path, new LoraConfig { Rank = 2, Alpha = 6 });
        var output = Path.Combine(root, "lora");

        // When
        ModelExporter.Export(new ExportOptions { Model = model.Path, Adapter = adapter, Output = output, Format = ExportFormat.Lora });

        // Then: unet.<path>.lora_A.weight [r, in] and lora_B.weight [out, r] for every to_q/to_k/to_v/to_out.0 Linear.
        using var unet = LoadBase(model.Path).Unet;
        var targets = MemControl.Peft.Tree.ModuleTree.Modules(unet)
            .Where(entry => entry.Module is Linear && (entry.Path.EndsWith(".to_q", StringComparison.Ordinal) || entry.Path.EndsWith(".to_k", StringComparison.Ordinal)
                || entry.Path.EndsWith(".to_v", StringComparison.Ordinal) || entry.Path.EndsWith(".to_out.0", StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(targets);
        using var file = SafetensorsFile.Open(Path.Combine(output, DiffusersLoraWeights.FileName));
        var expectedKeys = targets.SelectMany(target => new[] { $"unet.{target.Path}.lora_A.weight", $"unet.{target.Path}.lora_B.weight" });
        Assert.Equal(expectedKeys.Order(StringComparer.Ordinal), file.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, module) in targets)
        {
            var weight = ((Linear)module).weight;
            Assert.Equal([2, weight.shape[1]], file.ShapeOf($"unet.{path}.lora_A.weight"));
            Assert.Equal([weight.shape[0], 2], file.ShapeOf($"unet.{path}.lora_B.weight"));
        }

        using var settings = JsonDocument.Parse(file.Metadata[DiffusersLoraWeights.MetadataKey]);
        Assert.Equal(2, settings.RootElement.GetProperty("unet.r").GetInt32());
        Assert.Equal(2, settings.RootElement.GetProperty("unet.lora_alpha").GetInt32());
        Assert.Equal("pt", file.Metadata["format"]);

        // ΔW = B·A at diffusers' scale lora_alpha / r = 1 equals the adapter's (α / r)·B·A.
        var saved = SafetensorsFile.ReadAll(Path.Combine(adapter, AdapterFiles.Tensors));
        var path0 = targets[0].Path;
        var expectedDelta = saved[$"{path0}.lora_B"].matmul(saved[$"{path0}.lora_A"]) * 3.0;
        var actualDelta = file.Read($"unet.{path0}.lora_B.weight").matmul(file.Read($"unet.{path0}.lora_A.weight"));
        Assert.True(actualDelta.allclose(expectedDelta, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void An_adapter_of_another_base_model_is_refused_and_nothing_is_written()
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        var adapter = SaveRandomAdapter(model.Path, new LoraConfig());
        var description = Path.Combine(adapter, AdapterFiles.Description);
        File.WriteAllText(description, System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(description), "\"base_model_identity\": \"[0-9a-f]+\"", "\"base_model_identity\": \"0123\""));
        var output = Path.Combine(root, "merged");

        // When
        var error = Assert.Throws<InvalidDataException>(() =>
            ModelExporter.Export(new ExportOptions { Model = model.Path, Adapter = adapter, Output = output }));

        // Then
        Assert.Contains("base_model_identity", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void The_lora_format_refuses_another_method_saying_it_exports_merged_only()
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        var adapter = SaveRandomAdapter(model.Path, new DiffFitConfig());
        var output = Path.Combine(root, "lora");

        // When
        var error = Assert.Throws<ArgumentException>(() =>
            ModelExporter.Export(new ExportOptions { Model = model.Path, Adapter = adapter, Output = output, Format = ExportFormat.Lora }));

        // Then
        Assert.Contains("merged", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
        Assert.Empty(Directory.GetDirectories(root, ".*"));
    }

    [Fact]
    public void A_half_precision_export_writes_every_floating_weight_in_fp16()
    {
        // Given
        using var model = ParityPipelineFolder.Create();
        var adapter = SaveRandomAdapter(model.Path, new LoraConfig());
        var output = Path.Combine(root, "fp16");

        // When
        ModelExporter.Export(new ExportOptions { Model = model.Path, Adapter = adapter, Output = output, DType = ScalarType.Float16 });

        // Then
        foreach (var weights in Directory.GetFiles(output, "*.safetensors", SearchOption.AllDirectories))
        {
            using var file = SafetensorsFile.Open(weights);
            Assert.All(file.Keys.Select(file.GetInfo).Where(info => info.DType.Name is "F32" or "F64" or "BF16"), info => Assert.Fail($"{weights}: {info.Name} is {info.DType.Name}"));
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static StableDiffusion LoadBase(string path) => StableDiffusion.Load(path);

    private static Tensor Forward(StableDiffusion model)
    {
        var generator = new Generator(11);
        var sample = randn(1, model.Unet.Config.InChannels, 8, 8, generator: generator);
        var context = randn(1, 4, 32, generator: generator);
        using (no_grad())
        {
            return model.Unet.call(sample, tensor(new float[] { 500 }), context).detach();
        }
    }

    /// <summary>Attaches <paramref name="config"/> to the model's UNet, sets its tensors to random values and saves it.</summary>
    private string SaveRandomAdapter(string modelPath, PeftConfig config)
    {
        var (model, identity) = BaseModel.Load(modelPath);
        using var _ = model;
        var adapters = AdapterSet.Attach(model.Unet, config, new PeftContext(identity));
        var generator = new Generator(5);
        using (no_grad())
        {
            foreach (var parameter in adapters.Parameters())
            {
                parameter.add_(randn(parameter.shape, generator: generator).to(parameter.dtype) * 0.1);
            }
        }

        var folder = Path.Combine(root, "adapter");
        Directory.CreateDirectory(folder);
        adapters.Save(folder);
        return folder;
    }
}
