using System.Reflection;
using System.Text.RegularExpressions;
using MemControl.Cli;
using MemControl.Workflow.Cluster;
using MemControl.Workflow.Search;
using Spectre.Console.Cli;

namespace MemControl.Tests.Cli;

/// <summary>
/// Library errors name properties; the command line shows its options instead, through OptionNames' tables
/// (docs/architecture.md, "Errors"). The rule these tests check:
/// <list type="bullet">
/// <item>An options type is a public type of a library assembly (every MemControl assembly but the CLI) whose name
/// ends in "Options" and that has a public parameterless <c>Validate()</c>: its errors name its properties.</item>
/// <item>A property an error can name is found by running <c>Validate()</c>: on a valid instance, each property of a
/// value a user gives (number, text, flag, enum, list of text) is set in turn to out-of-range values, and every
/// property name the <see cref="ArgumentException"/>s hold is collected.</item>
/// <item>Each such property is in an OptionNames table of its type, or declared there as set by no option; each options
/// type has a table or is declared as built by no command; and every table's option is a real
/// <c>[CommandOption]</c> of the command settings that table names.</item>
/// </list>
/// </summary>
public sealed class OptionNamesTests
{
    /// <summary>Types whose default instance does not validate (required values), with a valid start.</summary>
    private static readonly Dictionary<Type, object> ValidStarts = new()
    {
        [typeof(SlurmOptions)] = new SlurmOptions { Tasks = 1 },
        [typeof(SearchOptions)] = new SearchOptions { Model = "builtin", Data = "manifest.csv", Output = "out" },
        [typeof(MemControl.Metrics.Features.OnnxFeatureExtractorOptions)] = new MemControl.Metrics.Features.OnnxFeatureExtractorOptions { ModelPath = "model.onnx" },
    };

    public static TheoryData<string> OptionsTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in LibraryOptionsTypes())
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Fact]
    public void The_rule_finds_the_options_types_the_commands_build()
    {
        // When
        var found = LibraryOptionsTypes().Select(type => type.Name).ToHashSet();

        // Then: a broken rule (no assembly, no Validate) would find none of them
        Assert.Superset(
            new HashSet<string> { "DetectionOptions", "EvaluationOptions", "FineTuneOptions", "PretrainOptions", "SearchOptions", "SlurmOptions", "PhantomOptions", "MemorizationSetOptions", "DataPreparationOptions", "BatchLoaderOptions" },
            found);
    }

    [Theory]
    [MemberData(nameof(OptionsTypes))]
    public void Every_property_an_options_error_names_maps_to_an_option_or_is_set_by_none(string typeName)
    {
        // Given
        var type = LibraryOptionsTypes().Single(candidate => candidate.FullName == typeName);

        // When
        var named = NameableProperties(type);
        var unmapped = named
            .Where(property => !OptionTables.All.Any(table => table.Options == type && table.Flags.ContainsKey(property)))
            .Where(property => !OptionTables.SetByNoOption.Contains((type, property)))
            .ToList();

        // Then
        if (!OptionTables.BuiltByNoCommand.Contains(type))
        {
            Assert.Contains(OptionTables.All, table => table.Options == type);
            Assert.Empty(unmapped);
        }

        Assert.NotEmpty(named);
    }

    [Fact]
    public void Every_option_a_table_names_exists_on_its_command()
    {
        // When
        var missing = OptionTables.All
            .SelectMany(table => table.Flags.Values.Select(flag => (table.Settings, Option: flag.Split(' ')[0])))
            .Where(entry => !LongOptions(entry.Settings).Contains(entry.Option))
            .Select(entry => $"{entry.Settings.Name} {entry.Option}")
            .ToList();

        // Then
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_option_a_name_has_everywhere_exists_on_some_command()
    {
        // Given
        var options = typeof(OptionNames).Assembly.GetTypes()
            .Where(type => typeof(CommandSettings).IsAssignableFrom(type))
            .SelectMany(LongOptions)
            .ToHashSet(StringComparer.Ordinal);

        // When
        var missing = OptionTables.SameEverywhere.Values.Where(option => !options.Contains(option)).ToList();

        // Then
        Assert.Empty(missing);
    }

    [Fact]
    public void A_name_is_reworded_only_where_the_command_has_that_option()
    {
        // Given: a mask file's unknown method, met by train (which has --method) and by benchmark (which has not)
        const string message = "Method: unknown method 'lora+' (choose svdiff, difffit)";

        // When
        var train = OptionNames.Reword(message, typeof(MemControl.Cli.Commands.Train.TrainSettings));
        var benchmark = OptionNames.Reword(message, typeof(MemControl.Cli.Commands.Benchmark.BenchmarkSettings));

        // Then
        Assert.Equal("--method: unknown method 'lora+' (choose svdiff, difffit)", train);
        Assert.Equal(message, benchmark);
    }

    [Fact]
    public void A_property_name_inside_a_quoted_path_is_left_as_it_is()
    {
        // Given: a run folder whose path holds the words the train tables reword
        const string message = "Output: '/data/Output/Model run' holds a finished training run (train.json); continue it with Resume, the model's Data unchanged";

        // When
        var error = Assert.Throws<ArgumentException>(() => OptionNames.Check(() => throw new ArgumentException(message), OptionTables.TrainRun));
        var reworded = OptionNames.Reword(error.Message, typeof(MemControl.Cli.Commands.Train.TrainSettings));

        // Then: the quoted path is untouched; the names outside it, even after an apostrophe, become options
        Assert.Equal("--out: '/data/Output/Model run' holds a finished training run (train.json); continue it with --resume, the model's --data unchanged", reworded);
    }

    [Theory]
    [InlineData("Output: '/home/o'brien/Output' exists", "--out: '/home/o'brien/Output' exists")]
    [InlineData("Output: 'a/Output' and 'b/Output', Resume unset", "--out: 'a/Output' and 'b/Output', --resume unset")]
    [InlineData("Output: must not be empty (Parameter 'Output')", "--out: must not be empty (Parameter '--out')")]
    [InlineData("Output: the folder 'never closed/Output", "--out: the folder 'never closed/--out")]
    public void Quoted_values_stay_as_they_are_with_apostrophes_several_quotes_and_dotnet_parameter_names(string message, string expected)
    {
        // When
        var error = Assert.Throws<ArgumentException>(() => OptionNames.Check(() => throw new ArgumentException(message), OptionTables.TrainRun));

        // Then
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_reworded_error_keeps_its_type_and_so_its_exit_code()
    {
        // When
        var error = OptionNames.Reworded(new DirectoryNotFoundException("Model: the folder '/x' does not exist"), typeof(MemControl.Cli.Commands.Train.TrainSettings));

        // Then
        Assert.IsType<DirectoryNotFoundException>(error);
        Assert.Equal("--model: the folder '/x' does not exist", error.Message);
    }

    [Fact]
    public void Every_table_and_declaration_names_real_properties()
    {
        // When
        var unknown = OptionTables.All.SelectMany(table => table.Flags.Keys.Select(property => (table.Options, property)))
            .Concat(OptionTables.SetByNoOption)
            .Where(entry => entry.Item1.GetProperty(entry.Item2) is null)
            .ToList();

        // Then
        Assert.Empty(unknown);
    }

    [Fact]
    public void The_batch_loader_of_a_train_run_is_worded_as_its_batch_option()
    {
        // When: BatchLoaderOptions once named --batch-size, an option no command has
        var error = Assert.Throws<ArgumentException>(() => OptionNames.Check(
            new MemControl.Data.Loading.BatchLoaderOptions { BatchSize = 0 }.Validate, OptionTables.TrainBatches));

        // Then
        Assert.Equal("--batch: must be at least 1, got 0", error.Message);
    }

    [Fact]
    public void A_property_of_a_two_word_option_is_worded_with_its_part()
    {
        // When
        var error = Assert.Throws<ArgumentException>(() => OptionNames.Check(
            new SearchOptions { Model = "m", Data = "d", Output = "o", LowestLearningRate = 1e-2, HighestLearningRate = 1e-3 }.Validate,
            OptionTables.Search));

        // Then
        Assert.Equal("--lr-range LOW: must be positive and below --lr-range HIGH, not 0.01 and 0.001", error.Message);
    }

    [Fact]
    public void Two_tables_that_word_one_property_differently_cannot_share_a_check()
    {
        // When: EvaluationOptions.Steps is --sampling-steps in a benchmark, FineTuneOptions.Steps is --steps
        var error = Assert.Throws<InvalidOperationException>(() => OptionNames.Check(
            () => throw new ArgumentException("Steps: must be at least 1"), OptionTables.BenchmarkTraining, OptionTables.BenchmarkEvaluation));

        // Then
        Assert.Contains("Steps", error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<Type> LibraryOptionsTypes() =>
        LibraryAssemblies()
            .SelectMany(assembly => assembly.GetExportedTypes())
            .Where(type => type is { IsAbstract: false, IsGenericTypeDefinition: false } && type.Name.EndsWith("Options", StringComparison.Ordinal))
            .Where(type => type.GetMethod("Validate", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is { ReturnType: var returns } && returns == typeof(void))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToList();

    /// <summary>Every MemControl assembly the CLI reaches, but the CLI itself.</summary>
    private static IReadOnlyList<Assembly> LibraryAssemblies()
    {
        var seen = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(OptionNames).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies().Where(name => name.Name!.StartsWith("MemControl.", StringComparison.Ordinal)))
            {
                if (!seen.ContainsKey(reference.Name!))
                {
                    var loaded = Assembly.Load(reference);
                    seen[reference.Name!] = loaded;
                    pending.Push(loaded);
                }
            }
        }

        return seen.Values.Where(assembly => assembly != typeof(OptionNames).Assembly).ToList();
    }

    private static HashSet<string> NameableProperties(Type type)
    {
        var start = ValidStarts.TryGetValue(type, out var given) ? given : Activator.CreateInstance(type)!;
        Validate(start); // a valid start, so each out-of-range value below is the one reported
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var names = properties.Select(property => property.Name).ToHashSet(StringComparer.Ordinal);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in properties.Where(property => property.SetMethod is { IsPublic: true }))
        {
            foreach (var value in OutOfRange(property.PropertyType))
            {
                var changed = Clone(start);
                property.SetValue(changed, value);
                try
                {
                    Validate(changed);
                }
                catch (ArgumentException error)
                {
                    named.UnionWith(Regex.Matches(error.Message, @"\b[A-Z]\w*\b").Select(match => match.Value).Where(names.Contains));
                }
            }
        }

        return named;
    }

    private static IEnumerable<object?> OutOfRange(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain == typeof(int))
        {
            return [0, -1, int.MaxValue];
        }

        if (plain == typeof(long))
        {
            return [-1L];
        }

        if (plain == typeof(double))
        {
            return [-1.0, 0.0, 2.0, double.NaN, double.PositiveInfinity];
        }

        if (plain == typeof(string))
        {
            return ["", "no such value"];
        }

        if (plain.IsEnum)
        {
            return [Enum.ToObject(plain, 999)];
        }

        if (plain == typeof(IReadOnlyList<string>))
        {
            return [new[] { "no-dash" }, new[] { "--two words" }];
        }

        return [];
    }

    private static object Clone(object instance) =>
        instance.GetType().GetMethod("<Clone>$")?.Invoke(instance, null)
        ?? throw new InvalidOperationException($"{instance.GetType().Name} is not a record");

    private static void Validate(object instance)
    {
        try
        {
            instance.GetType().GetMethod("Validate", Type.EmptyTypes)!.Invoke(instance, null);
        }
        catch (TargetInvocationException error) when (error.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error.InnerException).Throw();
        }
    }

    private static HashSet<string> LongOptions(Type settings) =>
        settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(property => property.GetCustomAttribute<CommandOptionAttribute>()?.LongNames ?? [])
            .Select(name => $"--{name}")
            .ToHashSet(StringComparer.Ordinal);
}
