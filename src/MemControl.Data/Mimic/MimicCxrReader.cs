using System.IO.Compression;
using MemControl.Data.Manifests;

namespace MemControl.Data.Mimic;

/// <summary>
/// Reads the MIMIC-CXR-JPG layout (Johnson et al., PhysioNet): images at files/pXX/pXXXXXXXX/sXXXXXXXX/&lt;dicom&gt;.jpg,
/// reports at files/pXX/pXXXXXXXX/sXXXXXXXX.txt, the official split in mimic-cxr-2.0.0-split.csv(.gz)
/// (dicom_id, study_id, subject_id, split) and, when present, CheXpert labels in mimic-cxr-2.0.0-chexpert.csv(.gz).
/// Without the split CSV the image folders are scanned and splits are left to <c>SubjectSplitter</c>.
/// Listed images that are not on disk are summarised in one warning (a partial download is common).
/// </summary>
public static class MimicCxrReader
{
    public const string SplitFile = "mimic-cxr-2.0.0-split.csv";
    public const string ChexpertFile = "mimic-cxr-2.0.0-chexpert.csv";

    public static DatasetReadResult Read(string root, MimicCxrOptions? options = null)
    {
        options ??= new MimicCxrOptions();
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"MIMIC-CXR-JPG folder '{root}' does not exist.");
        }

        root = Path.GetFullPath(root);
        if (!Directory.Exists(Path.Combine(root, "files")))
        {
            throw new DirectoryNotFoundException(
                $"'{root}' has no 'files' folder; point at the MIMIC-CXR-JPG root (the folder holding files/ and {SplitFile}.gz).");
        }

        var problems = new List<DataProblem>();
        var entries = ReadSplitCsv(root, problems) ?? ScanFolders(root);
        var labels = ReadChexpert(root);
        var reportsRoot = Path.GetFullPath(options.ReportsRoot ?? root);
        var captions = new Dictionary<string, string?>(StringComparer.Ordinal);

        var items = new List<DatasetItem>();
        var missingImages = 0;
        string? firstMissing = null;
        foreach (var entry in entries)
        {
            var studyFolder = Path.Combine("files", $"p{entry.Subject[..2]}", $"p{entry.Subject}");
            var imagePath = Path.Combine(root, studyFolder, $"s{entry.Study}", $"{entry.Dicom}.jpg");
            if (!File.Exists(imagePath))
            {
                missingImages++;
                firstMissing ??= imagePath;
                continue;
            }

            if (!captions.TryGetValue(entry.Study, out var caption))
            {
                var reportPath = Path.Combine(reportsRoot, studyFolder, $"s{entry.Study}.txt");
                caption = ReadCaption(reportPath, options.CaptionSection, problems);
                captions[entry.Study] = caption;
            }

            if (caption is null)
            {
                continue;
            }

            var itemLabels = labels.TryGetValue(entry.Study, out var studyLabels) ? studyLabels : DatasetItem.NoLabels;
            items.Add(new DatasetItem(entry.Dicom, imagePath, caption, entry.Subject, entry.Split, itemLabels, entry.Origin));
        }

        if (missingImages > 0)
        {
            problems.Add(new DataProblem(root,
                $"{missingImages} image(s) listed in {SplitFile} are not on disk (first: {firstMissing}); they are left out — a partial download?", false));
        }

        var labelColumns = labels.Values.FirstOrDefault()?.Keys.ToArray() ?? [];
        return new DatasetReadResult(root, items, items.Select(_ => 1).ToArray(), labelColumns, problems);
    }

    /// <summary>Reads the folder for training; no usable image at all is an error.</summary>
    public static FileImageDataset Open(string root, MimicCxrOptions? options = null)
    {
        var result = Read(root, options);
        if (result.Items.Count == 0)
        {
            var reasons = string.Join("; ", result.Problems.Take(3).Select(p => p.ToString()));
            throw new InvalidDataException($"{root}: no usable image–report pair was found. {reasons}");
        }

        return new FileImageDataset($"mimic-cxr({result.Path})", result.Items);
    }

    private static string? ReadCaption(string reportPath, MimicCaptionSection section, List<DataProblem> problems)
    {
        if (!File.Exists(reportPath))
        {
            problems.Add(new DataProblem(reportPath, "the study's report is missing; its images are left out (unpack the reports into the dataset root).", true));
            return null;
        }

        var caption = ReportSections.Caption(CsvParser.DecodeUtf8(File.ReadAllBytes(reportPath), reportPath), section);
        if (string.IsNullOrWhiteSpace(caption))
        {
            problems.Add(new DataProblem(reportPath, "the report has neither a FINDINGS nor an IMPRESSION section; its images are left out.", true));
            return null;
        }

        return caption;
    }

    private static List<MimicEntry>? ReadSplitCsv(string root, List<DataProblem> problems)
    {
        var path = FindCsv(root, SplitFile);
        if (path is null)
        {
            problems.Add(new DataProblem(root, $"{SplitFile}(.gz) is absent; images are found by scanning and split by subject with the seed.", false));
            return null;
        }

        var records = CsvParser.Parse(ReadMaybeGzip(path), path);
        var header = records.Count > 0 ? records[0].Fields.Select(f => f.Trim()).ToList() : [];
        int Column(string name) => header.IndexOf(name) is var i and >= 0
            ? i
            : throw new InvalidDataException($"{path}: line 1: the header lacks '{name}' (expected dicom_id,study_id,subject_id,split).");
        int dicom = Column("dicom_id"), study = Column("study_id"), subject = Column("subject_id"), split = Column("split");

        var entries = new List<MimicEntry>();
        foreach (var record in records.Skip(1))
        {
            var location = $"{path}:{record.Line}";
            if (record.Fields.Count != header.Count)
            {
                problems.Add(new DataProblem(location, $"the row has {record.Fields.Count} fields, the header {header.Count}.", true));
                continue;
            }

            var subjectId = record.Fields[subject].Trim();
            if (subjectId.Length < 2 || !subjectId.All(char.IsAsciiDigit) || !record.Fields[study].Trim().All(char.IsAsciiDigit)
                || !IsSafeName(record.Fields[dicom].Trim()))
            {
                problems.Add(new DataProblem(location, "subject_id and study_id must be numbers and dicom_id a plain file name.", true));
                continue;
            }

            if (!DatasetSplitNames.TryParse(record.Fields[split], out var parsedSplit))
            {
                problems.Add(new DataProblem(location, $"unknown split '{record.Fields[split]}' (train, validate or test).", true));
                continue;
            }

            entries.Add(new MimicEntry(record.Fields[dicom].Trim(), record.Fields[study].Trim(), subjectId, parsedSplit, location));
        }

        return entries;
    }

    private static List<MimicEntry> ScanFolders(string root)
    {
        var entries = new List<MimicEntry>();
        var files = Path.Combine(root, "files");
        foreach (var image in Directory.EnumerateFiles(files, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var studyDir = Path.GetFileName(Path.GetDirectoryName(image)!);
            var subjectDir = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(image)!)!);
            if (studyDir.Length > 1 && studyDir[0] == 's' && subjectDir.Length > 2 && subjectDir[0] == 'p')
            {
                entries.Add(new MimicEntry(Path.GetFileNameWithoutExtension(image), studyDir[1..], subjectDir[1..], null,
                    Path.GetRelativePath(root, image)));
            }
        }

        return entries;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> ReadChexpert(string root)
    {
        var labels = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var path = FindCsv(root, ChexpertFile);
        if (path is null)
        {
            return labels;
        }

        var records = CsvParser.Parse(ReadMaybeGzip(path), path);
        if (records.Count == 0)
        {
            return labels;
        }

        var header = records[0].Fields;
        var study = header.ToList().IndexOf("study_id");
        if (study < 0)
        {
            throw new InvalidDataException($"{path}: line 1: the header lacks 'study_id'.");
        }

        foreach (var record in records.Skip(1).Where(r => r.Fields.Count == header.Count))
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < header.Count; c++)
            {
                if (header[c] is not ("subject_id" or "study_id"))
                {
                    row[header[c]] = record.Fields[c];
                }
            }

            labels[record.Fields[study].Trim()] = row;
        }

        return labels;
    }

    private static string? FindCsv(string root, string name) =>
        new[] { name, name + ".gz" }.Select(n => Path.Combine(root, n)).FirstOrDefault(File.Exists);

    private static byte[] ReadMaybeGzip(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 2 || bytes[0] != 0x1F || bytes[1] != 0x8B)
        {
            return bytes;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            return plain.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: the gzip data is damaged ({e.Message}); download it again.", e);
        }
    }

    private static bool IsSafeName(string name) =>
        name.Length > 0 && name.IndexOfAny(['/', '\\', '\0']) < 0 && name is not ("." or "..");

    private sealed record MimicEntry(string Dicom, string Study, string Subject, DatasetSplit? Split, string Origin);
}
