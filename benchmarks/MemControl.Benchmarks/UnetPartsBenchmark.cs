using System.Reflection;
using MemControl.Models.Runtime;
using MemControl.Models.Unets;
using MemControl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Benchmarks;

/// <summary>
/// Where a UNet training step's time goes (docs/performance.md, "Where the time goes"), in CPU time of one torch
/// thread (<see cref="ThreadCpuClock"/>; the benchmark's worker processes also train with one thread each): the step
/// split into zero_grad, forward + loss, backward, AdamW step and an EMA update; the no-grad forward split by module
/// kind (forward hooks; inclusive and exclusive of the modules each calls); and two measures of per-call overhead
/// through TorchSharp — one native in-place add on a 1-element tensor, and the forward at batch 1 on a 4 × 4 input,
/// where the arithmetic is nearly nil.
/// Options as <c>unet</c>: --config tiny|sd15|PATH, --batch N, --size N, --steps N.
/// </summary>
public sealed class UnetPartsBenchmark : IBenchmark
{
    public string Name => "unet-parts";

    public string Description => "UNet step in thread CPU time: forward by module kind, backward, AdamW, EMA; per-call overhead";

    public object Run(IReadOnlyList<string> args)
    {
        var settings = UnetBenchmarkSettings.Parse(args);
        var (configName, config, batch, size, steps, options) = (settings.ConfigName, settings.Config, settings.Batch, settings.Size, settings.Steps, settings.Options);

        set_num_threads(1);
        manual_seed(0);
        using var model = new UNet2DConditionModel(config);
        using var sample = randn(batch, config.InChannels, size, size);
        using var timestep = randint(0, 1000, [batch], dtype: ScalarType.Int64);
        using var text = randn(batch, 77, config.CrossAttentionDim);
        using var target = randn(batch, config.OutChannels, size, size);
        var parameters = model.parameters().ToArray();
        using var optimizer = optim.AdamW(parameters, lr: 1e-5, weight_decay: 1e-2);
        var ema = parameters.Select(p => p.detach().clone()).ToList();

        model.train();
        var parts = new PartTimes();
        for (var i = 0; i <= steps; i++)
        {
            // Step 0 is the warm-up and not recorded.
            var record = i > 0;
            using var scope = NewDisposeScope();
            parts.Time("zero_grad", record, optimizer.zero_grad);
            var loss = parts.Time("forward + loss", record, () => nn.functional.mse_loss(model.call(sample, timestep, text), target));
            parts.Time("backward", record, () => loss.backward());
            parts.Time("AdamW step", record, () => optimizer.step());
            parts.Time("EMA update", record, () => ExponentialMovingAverage.Update(ema, parameters, 0.999));
        }

        ema.ForEach(e => e.Dispose());
        model.eval();
        var whole = new PartTimes();
        for (var i = 0; i <= steps; i++)
        {
            whole.Time("no-grad forward", i > 0, () => NoGradForward(model, sample, timestep, text));
        }

        var byKind = ForwardByModuleKind(model, sample, timestep, text, steps);
        using var tinySample = randn(1, config.InChannels, 4, 4);
        using var tinyTimestep = randint(0, 1000, [1], dtype: ScalarType.Int64);
        using var tinyText = randn(1, 77, config.CrossAttentionDim);
        for (var i = 0; i <= steps; i++)
        {
            whole.Time("no-grad forward, batch 1, 4 x 4", i > 0, () => NoGradForward(model, tinySample, tinyTimestep, tinyText));
        }

        return new
        {
            benchmark = Name,
            config = configName,
            batch,
            size,
            steps,
            clock = "thread CPU time, 1 torch thread",
            parameters = parameters.Sum(p => p.numel()),
            parameter_tensors = parameters.Length,
            training_step_ms = parts.Medians(),
            forward_ms = whole.Medians(),
            no_grad_forward_by_module_kind_ms = byKind,
            native_call_us = Math.Round(NativeCallMicroseconds(), 2),
        };
    }

    /// <summary>
    /// Mean no-grad forward CPU time per module kind: inclusive (a block's time holds its layers') and exclusive (less
    /// the modules it called: for Attention, the attention kernel and reshapes; for a block, its functional ops).
    /// </summary>
    private static object[] ForwardByModuleKind(UNet2DConditionModel model, Tensor sample, Tensor timestep, Tensor text, int steps)
    {
        var inclusive = new Dictionary<string, double>(StringComparer.Ordinal);
        var exclusive = new Dictionary<string, double>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var removers = new List<Removal>();

        // One stack for all modules: each frame holds its start and the time of the modules it called (for exclusive).
        var frames = new Stack<(double Start, double Children)>();
        // Containers (ModuleList) have no hooks and are never called themselves.
        foreach (var module in model.modules().Where(m => HookMethod(m, "register_forward_hook") is not null))
        {
            var kind = module.GetType().Name;
            removers.Add(Hook(module, "register_forward_pre_hook", () => frames.Push((ThreadCpuClock.Milliseconds(), 0))));
            removers.Add(Hook(module, "register_forward_hook", () =>
            {
                var (start, children) = frames.Pop();
                var elapsed = ThreadCpuClock.Milliseconds() - start;
                inclusive[kind] = inclusive.GetValueOrDefault(kind) + elapsed;
                exclusive[kind] = exclusive.GetValueOrDefault(kind) + elapsed - children;
                counts[kind] = counts.GetValueOrDefault(kind) + 1;
                if (frames.TryPop(out var parent))
                {
                    frames.Push((parent.Start, parent.Children + elapsed));
                }
            }));
        }

        NoGradForward(model, sample, timestep, text); // warm-up with hooks
        inclusive.Clear();
        exclusive.Clear();
        counts.Clear();
        for (var i = 0; i < steps; i++)
        {
            NoGradForward(model, sample, timestep, text);
        }

        removers.ForEach(r => r.Dispose());
        return exclusive.OrderByDescending(t => t.Value).Select(t => (object)new
        {
            kind = t.Key,
            calls_per_forward = counts[t.Key] / steps,
            exclusive_ms = Math.Round(t.Value / steps, 2),
            inclusive_ms = Math.Round(inclusive[t.Key] / steps, 2),
        }).ToArray();
    }

    private static void NoGradForward(UNet2DConditionModel model, Tensor sample, Tensor timestep, Tensor text)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.call(sample, timestep, text);
    }

    /// <summary>
    /// Registers an <c>Action&lt;Module&gt;</c> hook: TorchSharp's hook methods live on a generic base per arity, so they
    /// are found by reflection rather than written once per module signature.
    /// </summary>
    private static Removal Hook(nn.Module module, string method, Action action)
    {
        var remover = HookMethod(module, method)!.Invoke(module, [new Action<nn.Module>(_ => action())])!;
        return new Removal(() => remover.GetType().GetMethod("remove")!.Invoke(remover, null));
    }

    private static MethodInfo? HookMethod(nn.Module module, string method) =>
        module.GetType().GetMethods().SingleOrDefault(m => m.Name == method
            && m.GetParameters() is [{ ParameterType: var type }] && type == typeof(Action<nn.Module>));

    /// <summary>Microseconds (thread CPU) of one native in-place add on 1-element tensors: the floor of every op's cost.</summary>
    private static double NativeCallMicroseconds()
    {
        const int calls = 20_000;
        using var a = zeros(1);
        using var b = ones(1);
        using var noGrad = no_grad();
        for (var i = 0; i < 1000; i++)
        {
            a.AddInPlace(b);
        }

        var start = ThreadCpuClock.Milliseconds();
        for (var i = 0; i < calls; i++)
        {
            a.AddInPlace(b);
        }

        return (ThreadCpuClock.Milliseconds() - start) * 1000 / calls;
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
