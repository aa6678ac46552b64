namespace MemControl.Workflow.Detection;

/// <summary>A prompts file: one prompt per line, blank lines skipped.</summary>
public static class PromptFile
{
    public static IReadOnlyList<string> Read(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{option}: the file '{path}' does not exist", path);
        }

        var prompts = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return prompts.Length > 0 ? prompts : throw new InvalidDataException($"{path} ({option}): no prompt in the file (one prompt per line)");
    }
}
