using System.Text;
using System.Text.Json.Nodes;

namespace MemControl.Tests.Reliability.Support;

/// <summary>
/// Seeded mutations of a valid JSON document, for the fuzz tests of the JSON files memcontrol reads (mask.json,
/// adapter.json): structural damage (a value of another type, a removed or added key, a huge or negative number, a
/// nested null) keeps the document valid JSON so it reaches the reader's field checks; byte damage (a flipped or removed
/// byte, truncation) tests the parser's error path. Written by hand: the mutations must know JSON's structure, which
/// byte-level fuzzers (SharpFuzz) only learn slowly, and a seed makes every failure reproducible from its iteration.
/// </summary>
public sealed class JsonMutator(string validJson, int seed)
{
    private static readonly Func<Random, JsonNode?>[] Replacements =
    [
        _ => null,
        _ => JsonValue.Create(-1),
        _ => JsonValue.Create(0),
        _ => JsonValue.Create(2),
        _ => JsonValue.Create(1.5),
        _ => JsonValue.Create(1e308),
        _ => JsonValue.Create(long.MaxValue),
        _ => JsonValue.Create(true),
        _ => JsonValue.Create(""),
        _ => JsonValue.Create("../../etc/passwd"),
        r => JsonValue.Create(new string('x', r.Next(1, 5000))),
        _ => new JsonArray(),
        _ => new JsonArray(JsonValue.Create(1), null, JsonValue.Create("1")),
        _ => new JsonObject(),
        _ => new JsonObject { ["a"] = null },
    ];

    private readonly Random random = new(seed);

    public string Next()
    {
        return random.Next(10) switch
        {
            < 7 => Structural(),
            _ => Encoding.UTF8.GetString(Bytes(Encoding.UTF8.GetBytes(validJson))),
        };
    }

    private string Structural()
    {
        var root = JsonNode.Parse(validJson)!;
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            root = MutateSomewhere(root);
        }

        return root?.ToJsonString() ?? "null";
    }

    private JsonNode? MutateSomewhere(JsonNode? root)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        if (nodes.Count == 0 || random.Next(20) == 0)
        {
            return Replacements[random.Next(Replacements.Length)](random); // the whole document replaced
        }

        var target = nodes[random.Next(nodes.Count)];
        switch (target)
        {
            case JsonObject obj when obj.Count > 0 && random.Next(3) == 0:
                obj.Remove(obj.ElementAt(random.Next(obj.Count)).Key);
                break;
            case JsonObject obj when random.Next(3) == 0:
                obj[$"extra{random.Next(100)}"] = Replacements[random.Next(Replacements.Length)](random);
                break;
            case JsonArray array when array.Count > 0 && random.Next(2) == 0:
                array.RemoveAt(random.Next(array.Count));
                break;
            case JsonArray array when random.Next(2) == 0:
                array.Add(Replacements[random.Next(Replacements.Length)](random));
                break;
            default:
                Replace(target, Replacements[random.Next(Replacements.Length)](random));
                break;
        }

        return root;
    }

    private static void Replace(JsonNode target, JsonNode? replacement)
    {
        switch (target.Parent)
        {
            case JsonObject parent:
                parent[target.GetPropertyName()] = replacement;
                break;
            case JsonArray parent:
                parent[target.GetElementIndex()] = replacement;
                break;
        }
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        if (node is null)
        {
            return;
        }

        if (node.Parent is not null)
        {
            into.Add(node);
        }

        switch (node)
        {
            case JsonObject obj:
                into.Add(obj);
                foreach (var (_, child) in obj.ToList())
                {
                    Collect(child, into);
                }

                break;
            case JsonArray array:
                foreach (var child in array.ToList())
                {
                    Collect(child, into);
                }

                break;
        }
    }

    private byte[] Bytes(byte[] valid)
    {
        var bytes = valid.ToList();
        for (var n = random.Next(1, 4); n > 0 && bytes.Count > 0; n--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                case 2:
                    bytes.Insert(at, (byte)"{}[]\",:0-\\"[random.Next(10)]);
                    break;
                default:
                    bytes = bytes.Take(at).ToList();
                    break;
            }
        }

        return [.. bytes];
    }
}
