using System.Globalization;

namespace MemControl.Data.Manifests;

/// <summary>
/// Reads the manifest format: a UTF-8 CSV with a header holding <c>image</c> (path relative to the CSV's folder),
/// <c>caption</c>, <c>subject</c>, optional <c>split</c> and <c>repeats</c>, and any label columns.
/// File-level faults (not UTF-8, broken quoting, wrong header) throw <see cref="InvalidDataException"/>;
/// row-level faults are collected as <see cref="DataProblem"/>s naming file and line.
/// </summary>
public static class ManifestReader
{
    public static DatasetReadResult Read(string path, ManifestOptions? options = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"manifest '{path}' does not exist.", path);
        }

        var fullPath = Path.GetFullPath(path);
        // A derived manifest (a run's data/) resolves its images against its source's folder (ImageRootFile).
        return Parse(File.ReadAllBytes(fullPath), fullPath, ImageRootFile.RootOf(Path.GetDirectoryName(fullPath)!), options ?? new ManifestOptions());
    }

    /// <summary>Parses manifest bytes as if they were the file <paramref name="path"/> with images under <paramref name="root"/>.</summary>
    public static DatasetReadResult Parse(ReadOnlySpan<byte> bytes, string path, string root, ManifestOptions options)
    {
        var records = CsvParser.Parse(bytes, path);
        if (records.Count == 0)
        {
            throw new InvalidDataException(
                $"{path}: the manifest is empty; it needs a header line 'image,caption,subject' and one row per image.");
        }

        var header = records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
        var columns = IndexColumns(header, path);
        var labelColumns = header.Where(name => !ManifestColumns.IsReserved(name)).ToArray();

        var items = new List<DatasetItem>();
        var repeats = new List<int>();
        var problems = new List<DataProblem>();
        var seenImages = new Dictionary<string, int>(StringComparer.Ordinal);
        var rootFull = Path.GetFullPath(root);
        var links = new SymbolicLinkResolver();

        foreach (var record in records.Skip(1))
        {
            var location = $"{path}:{record.Line}";
            if (record.Fields.Count != header.Length)
            {
                problems.Add(new DataProblem(location,
                    $"the row has {record.Fields.Count} fields but the header has {header.Length}; quote fields that contain commas.", true));
                continue;
            }

            var row = ReadRow(record, columns, labelColumns, header, location, rootFull, links, options, problems);
            if (row is null)
            {
                continue;
            }

            var (image, imagePath, caption, subject, split, repeatCount, labels) = row.Value;
            var id = image;
            if (seenImages.TryGetValue(image, out var firstLine))
            {
                problems.Add(new DataProblem(location, $"image '{image}' is already listed on line {firstLine}.", false));
                id = $"{image}#{record.Line}";
            }
            else
            {
                seenImages[image] = record.Line;
            }

            items.Add(new DatasetItem(id, imagePath, caption, subject, split, labels, location));
            repeats.Add(repeatCount);
        }

        return new DatasetReadResult(path, items, repeats, labelColumns, problems);
    }

    private static Dictionary<string, int> IndexColumns(string[] header, string path)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
            {
                throw new InvalidDataException($"{path}: line 1: column {i + 1} of the header has no name; name every column.");
            }

            if (!columns.TryAdd(header[i], i))
            {
                throw new InvalidDataException($"{path}: line 1: column '{header[i]}' appears twice in the header.");
            }
        }

        var missing = ManifestColumns.Required.Where(c => !columns.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidDataException(
                $"{path}: line 1: the header lacks {string.Join(", ", missing.Select(m => $"'{m}'"))} "
                + $"(found: {string.Join(",", header)}); the first line must name the columns image,caption,subject[,split][,label columns].");
        }

        return columns;
    }

    private static (string Image, string ImagePath, string Caption, string Subject, DatasetSplit? Split, int Repeats,
        IReadOnlyDictionary<string, string> Labels)? ReadRow(
        CsvRecord record,
        Dictionary<string, int> columns,
        string[] labelColumns,
        string[] header,
        string location,
        string root,
        SymbolicLinkResolver links,
        ManifestOptions options,
        List<DataProblem> problems)
    {
        var image = record.Fields[columns[ManifestColumns.Image]].Trim();
        var caption = record.Fields[columns[ManifestColumns.Caption]].Trim();
        var subject = record.Fields[columns[ManifestColumns.Subject]].Trim();
        var usable = true;

        if (image.Length == 0)
        {
            problems.Add(new DataProblem(location, "the image path is empty; give the image file relative to the manifest.", true));
            return null;
        }

        if (image.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add(new DataProblem(location, "the image path contains a NUL character; fix the path.", true));
            return null;
        }

        var imagePath = Path.GetFullPath(Path.Combine(root, image));
        var relative = Path.GetRelativePath(root, imagePath);
        var escapes = Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith("../", StringComparison.Ordinal);
        if (escapes && !options.AllowPathsOutsideRoot)
        {
            problems.Add(new DataProblem(location,
                $"image '{image}' lies outside the dataset folder '{root}'; move it inside, or allow this explicitly ({nameof(ManifestOptions.AllowPathsOutsideRoot)}).", true));
            usable = false;
        }
        else if (!options.AllowPathsOutsideRoot && options.CheckImagesExist && !links.IsInside(imagePath, root))
        {
            // Inside by its name, outside in fact: the image or one of its folders is a symbolic link out of the dataset.
            problems.Add(new DataProblem(location,
                $"image '{image}' is reached through a symbolic link that leads outside the dataset folder '{root}' "
                + $"(to {links.Resolve(imagePath)}); copy it inside, or allow this explicitly ({nameof(ManifestOptions.AllowPathsOutsideRoot)}).", true));
            usable = false;
        }
        else if (options.CheckImagesExist && !File.Exists(imagePath))
        {
            problems.Add(new DataProblem(location, $"image '{image}' does not exist ({imagePath}); fix the path or remove the row.", true));
            usable = false;
        }
        else if (options.CheckImagesExist && !Images.RegularFile.Is(imagePath))
        {
            problems.Add(new DataProblem(location, Images.RegularFile.Problem(imagePath), true));
            usable = false;
        }

        if (caption.Length == 0)
        {
            problems.Add(new DataProblem(location, "the caption is empty; write the image's report or remove the row.", true));
            usable = false;
        }

        if (subject.Length == 0)
        {
            problems.Add(new DataProblem(location, "the subject is empty; give the patient id so splits keep patients apart.", true));
            usable = false;
        }

        DatasetSplit? split = null;
        if (columns.TryGetValue(ManifestColumns.Split, out var splitColumn))
        {
            var splitText = record.Fields[splitColumn].Trim();
            if (splitText.Length > 0)
            {
                if (DatasetSplitNames.TryParse(splitText, out var parsed))
                {
                    split = parsed;
                }
                else
                {
                    problems.Add(new DataProblem(location, $"unknown split '{splitText}'; use train, validation, test or leave it empty.", true));
                    usable = false;
                }
            }
        }

        var repeats = 1;
        if (columns.TryGetValue(ManifestColumns.Repeats, out var repeatsColumn))
        {
            var repeatsText = record.Fields[repeatsColumn].Trim();
            if (repeatsText.Length > 0
                && (!int.TryParse(repeatsText, NumberStyles.None, CultureInfo.InvariantCulture, out repeats) || repeats < 1))
            {
                problems.Add(new DataProblem(location, $"repeats '{repeatsText}' is not a whole number ≥ 1.", true));
                usable = false;
            }
        }

        if (!usable)
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in labelColumns)
        {
            labels[name] = record.Fields[Array.IndexOf(header, name)];
        }

        return (image, imagePath, caption, subject, split, Math.Max(repeats, 1), labels);
    }
}
