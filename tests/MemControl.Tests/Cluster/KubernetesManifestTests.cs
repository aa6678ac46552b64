using MemControl.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace MemControl.Tests.Cluster;

/// <summary>
/// deploy/k8s checked without a cluster (no kubectl with a client-side dry run installs on Debian 12): each document
/// against the fields batch/v1 Job and v1 PersistentVolumeClaim require, and the worker Job against what the workers
/// need (Indexed, its index as worker index, the password from a Secret and never in a URL, the run folder's claim).
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(TestPaths.RepoRoot, "deploy", "k8s");

    public static TheoryData<string> Manifests() => new(Files());

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Every_document_has_the_fields_its_kind_requires(string file)
    {
        foreach (var document in Documents(file))
        {
            Assert.NotNull(Text(document, "apiVersion"));
            var name = Text(document, "metadata", "name");
            Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", name);
            switch (Text(document, "kind"))
            {
                case "Job":
                    Assert.Equal("batch/v1", Text(document, "apiVersion"));
                    var pod = Node(document, "spec", "template", "spec");
                    // A Job's pods may only be restarted in place or not at all (the API refuses Always).
                    Assert.Contains(Text(pod, "restartPolicy"), new[] { "Never", "OnFailure" });
                    var containers = Assert.IsType<YamlSequenceNode>(Node(pod, "containers"));
                    Assert.NotEmpty(containers.Children);
                    foreach (var container in containers.Children.Cast<YamlMappingNode>())
                    {
                        Assert.NotNull(Text(container, "name"));
                        Assert.NotNull(Text(container, "image"));
                        Assert.DoesNotContain(Sequence(container, "args"), a => a.Contains("://", StringComparison.Ordinal) && a.Split("://")[1].Split('@')[0].Contains(':', StringComparison.Ordinal));
                    }

                    break;
                case "PersistentVolumeClaim":
                    Assert.Equal("v1", Text(document, "apiVersion"));
                    Assert.NotEmpty(Sequence(Node(document, "spec"), "accessModes"));
                    Assert.NotNull(Text(document, "spec", "resources", "requests", "storage"));
                    break;
                default:
                    Assert.Fail($"{file}: unexpected kind '{Text(document, "kind")}'");
                    break;
            }
        }
    }

    [Fact]
    public void The_search_workers_are_an_indexed_job_whose_index_is_the_worker_index_with_the_password_from_a_secret()
    {
        // Given
        var job = Documents("search-workers.yaml").Single(d => Text(d, "kind") == "Job");
        var container = Assert.IsType<YamlSequenceNode>(Node(job, "spec", "template", "spec", "containers")).Children.Cast<YamlMappingNode>().Single();
        var environment = Assert.IsType<YamlSequenceNode>(Node(container, "env")).Children.Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name")!);
        var arguments = Sequence(container, "args");

        // Then
        Assert.Equal("Indexed", Text(job, "spec", "completionMode"));
        Assert.Equal(Text(job, "spec", "completions"), Text(job, "spec", "parallelism"));
        Assert.Equal(["search", "worker"], arguments.Take(2));
        Assert.Contains("--worker-index=$(JOB_COMPLETION_INDEX)", arguments);
        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", Text(environment["JOB_COMPLETION_INDEX"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.NotNull(Text(environment["PGPASSWORD"], "valueFrom", "secretKeyRef", "name"));
        Assert.Null(Text(environment["PGPASSWORD"], "value"));
        var claim = Text(Assert.IsType<YamlSequenceNode>(Node(job, "spec", "template", "spec", "volumes")).Children[0], "persistentVolumeClaim", "claimName");
        var claims = Files().SelectMany(Documents).Where(d => Text(d, "kind") == "PersistentVolumeClaim").Select(d => Text(d, "metadata", "name")).ToList();
        Assert.Contains(claim, claims);
        Assert.Contains(arguments, a => a.StartsWith("--settings=/runs/", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Files() => Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).OfType<string>();

    private static IReadOnlyList<YamlMappingNode> Documents(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Folder, file)))
        {
            stream.Load(reader);
        }

        return stream.Documents.Select(d => Assert.IsType<YamlMappingNode>(d.RootNode)).ToList();
    }

    private static YamlNode? Node(YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    private static string? Text(YamlNode? node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    private static IReadOnlyList<string> Sequence(YamlNode? node, string key) =>
        Node(node, key) is YamlSequenceNode sequence ? sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList() : [];
}
