using System.IO.Compression;
using System.Text;
using MemControl.Data;
using MemControl.Data.Mimic;
using MemControl.Tests.Data.Support;

namespace MemControl.Tests.Data;

public sealed class MimicCxrReaderTests : IDisposable
{
    private const string Report = """
                                                                 FINAL REPORT
         EXAMINATION:  CHEST (PA AND LAT)

         INDICATION:  Cough.

         FINDINGS:
         The heart is mildly enlarged.  There is a small
         right pleural effusion.

         IMPRESSION:
         Cardiomegaly and small right effusion.
        """;

    private readonly TemporaryFolder root = new();

    public void Dispose() => root.Dispose();

    private void WriteStudy(string subject, string study, string[] dicoms, string? report = Report)
    {
        foreach (var dicom in dicoms)
        {
            TestImages.WriteGradient(root.File("files", $"p{subject[..2]}", $"p{subject}", $"s{study}", $"{dicom}.jpg"));
        }

        if (report is not null)
        {
            root.Write(Path.Combine("files", $"p{subject[..2]}", $"p{subject}", $"s{study}.txt"), report);
        }
    }

    private void WriteSplitCsv(string text, bool gzip)
    {
        var path = root.File("mimic-cxr-2.0.0-split.csv" + (gzip ? ".gz" : ""));
        if (!gzip)
        {
            File.WriteAllText(path, text);
            return;
        }

        using var file = File.Create(path);
        using var stream = new GZipStream(file, CompressionLevel.Fastest);
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public void The_official_layout_gives_images_impressions_subjects_and_splits()
    {
        // Given
        WriteStudy("10000032", "50414267", ["d1", "d2"]);
        WriteStudy("11000011", "51000001", ["d3"]);
        WriteSplitCsv("dicom_id,study_id,subject_id,split\nd1,50414267,10000032,train\nd2,50414267,10000032,train\nd3,51000001,11000011,validate\n", gzip: true);

        // When
        var result = MimicCxrReader.Read(root.Path);

        // Then
        Assert.Empty(result.Problems);
        Assert.Equal(3, result.Items.Count);
        var first = result.Items[0];
        Assert.Equal("d1", first.Id);
        Assert.Equal("10000032", first.Subject);
        Assert.Equal("Cardiomegaly and small right effusion.", first.Caption);
        Assert.Equal(DatasetSplit.Train, first.Split);
        Assert.Equal(DatasetSplit.Validation, result.Items[2].Split);
        Assert.EndsWith(Path.Combine("files", "p10", "p10000032", "s50414267", "d1.jpg"), first.ImagePath);
    }

    [Fact]
    public void Findings_can_be_chosen_as_the_caption()
    {
        // Given
        WriteStudy("10000032", "50414267", ["d1"]);
        WriteSplitCsv("dicom_id,study_id,subject_id,split\nd1,50414267,10000032,test\n", gzip: false);

        // When
        var result = MimicCxrReader.Read(root.Path, new MimicCxrOptions { CaptionSection = MimicCaptionSection.Findings });

        // Then
        Assert.Equal("The heart is mildly enlarged. There is a small right pleural effusion.", Assert.Single(result.Items).Caption);
    }

    [Fact]
    public void A_missing_report_is_an_error_and_missing_images_one_warning()
    {
        // Given
        WriteStudy("10000032", "50414267", ["d1"], report: null);
        WriteStudy("12000000", "52000000", ["d5"]);
        WriteSplitCsv("dicom_id,study_id,subject_id,split\nd1,50414267,10000032,train\nd5,52000000,12000000,train\nd9,59999999,19999999,test\n", gzip: false);

        // When
        var result = MimicCxrReader.Read(root.Path);

        // Then
        Assert.Single(result.Items);
        Assert.Contains(result.Problems, p => p.IsError && p.Location.EndsWith("s50414267.txt", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => !p.IsError && p.Message.StartsWith("1 image(s) listed", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_split_csv_the_folders_are_scanned_and_splits_left_open()
    {
        // Given
        WriteStudy("10000032", "50414267", ["d1", "d2"]);

        // When
        var result = MimicCxrReader.Read(root.Path);

        // Then
        Assert.Equal(2, result.Items.Count);
        Assert.All(result.Items, i => Assert.Null(i.Split));
        Assert.All(result.Items, i => Assert.Equal("10000032", i.Subject));
    }

    [Fact]
    public void A_folder_without_files_is_a_clear_error()
    {
        // When
        var error = Assert.Throws<DirectoryNotFoundException>(() => MimicCxrReader.Read(root.Path));

        // Then
        Assert.Contains("no 'files' folder", error.Message);
    }

    [Fact]
    public void Report_sections_are_split_at_upper_case_headings()
    {
        // When
        var sections = ReportSections.Parse(Report);

        // Then
        Assert.Equal("CHEST (PA AND LAT)", sections["EXAMINATION"]);
        Assert.Equal("Cough.", sections["INDICATION"]);
        Assert.Equal("Cardiomegaly and small right effusion.", sections["IMPRESSION"]);
    }
}
