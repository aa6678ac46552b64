using System.Text;
using MemControl.Data;
using MemControl.Data.Manifests;
using MemControl.Tests.Data.Support;

namespace MemControl.Tests.Data;

public sealed class ManifestReaderTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Rows_give_items_with_paths_splits_repeats_and_labels()
    {
        // Given
        TestImages.WriteGradient(folder.File("img", "a.png"));
        TestImages.WriteGradient(folder.File("img", "b.png"));
        var manifest = folder.Write("manifest.csv",
            "image,caption,subject,split,repeats,effusion\nimg/a.png,\"Small effusion, right.\",p1,train,3,1\nimg/b.png,Normal,p2,validate,,0\n");

        // When
        var result = ManifestReader.Read(manifest);

        // Then
        Assert.Empty(result.Problems);
        Assert.Equal(2, result.Items.Count);
        Assert.Equal(folder.File("img", "a.png"), result.Items[0].ImagePath);
        Assert.Equal("Small effusion, right.", result.Items[0].Caption);
        Assert.Equal(DatasetSplit.Validation, result.Items[1].Split);
        Assert.Equal([3, 1], result.Repeats);
        Assert.Equal(["effusion"], result.LabelColumns);
        Assert.Equal("1", result.Items[0].Labels["effusion"]);
        Assert.Equal($"{manifest}:2", result.Items[0].Origin);
    }

    [Fact]
    public void A_wrong_header_names_the_file_and_the_missing_column()
    {
        // Given
        var manifest = folder.Write("bad.csv", "path,text,subject\na.png,x,p1\n");

        // When
        var error = Assert.Throws<InvalidDataException>(() => ManifestReader.Read(manifest));

        // Then
        Assert.Contains("bad.csv: line 1", error.Message);
        Assert.Contains("'image'", error.Message);
        Assert.Contains("'caption'", error.Message);
    }

    [Fact]
    public void Non_utf8_text_is_refused_with_the_line()
    {
        // Given
        TestImages.WriteGradient(folder.File("a.png"));
        var path = folder.File("latin1.csv");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes("image,caption,subject\na.png,épanchement,p1\n"));

        // When
        var error = Assert.Throws<InvalidDataException>(() => ManifestReader.Read(path));

        // Then
        Assert.Contains("line 2", error.Message);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void An_empty_caption_is_an_error_naming_the_row()
    {
        // Given
        TestImages.WriteGradient(folder.File("a.png"));
        var manifest = folder.Write("m.csv", "image,caption,subject\na.png,  ,p1\n");

        // When
        var result = ManifestReader.Read(manifest);

        // Then
        var problem = Assert.Single(result.Problems);
        Assert.True(problem.IsError);
        Assert.Equal($"{manifest}:2", problem.Location);
        Assert.Contains("caption is empty", problem.Message);
        Assert.Empty(result.Items);
    }

    [Fact]
    public void A_missing_image_is_an_error_naming_the_row()
    {
        // Given
        var manifest = folder.Write("m.csv", "image,caption,subject\nnowhere.png,Normal,p1\n");

        // When
        var result = ManifestReader.Read(manifest);

        // Then
        var problem = Assert.Single(result.Problems);
        Assert.Contains("does not exist", problem.Message);
        Assert.Equal($"{manifest}:2", problem.Location);
    }

    [Theory]
    [InlineData("../outside.png")]
    [InlineData("sub/../../outside.png")]
    [InlineData("/tmp/outside.png")]
    public void An_image_path_escaping_the_folder_is_refused_unless_allowed(string image)
    {
        // Given
        var inner = Path.Combine(folder.Path, "inner");
        Directory.CreateDirectory(inner);
        var manifest = folder.Write(Path.Combine("inner", "m.csv"), $"image,caption,subject\n{image},Normal,p1\n");

        // When
        var refused = ManifestReader.Read(manifest);
        var allowed = ManifestReader.Read(manifest, new ManifestOptions { AllowPathsOutsideRoot = true, CheckImagesExist = false });

        // Then
        Assert.Contains("outside the dataset folder", Assert.Single(refused.Problems).Message);
        Assert.Contains("AllowPathsOutsideRoot", refused.Problems[0].Message);
        Assert.Empty(allowed.Problems);
        Assert.Single(allowed.Items);
    }

    [Fact]
    public void Opening_for_training_refuses_unusable_rows_and_lists_them()
    {
        // Given
        TestImages.WriteGradient(folder.File("a.png"));
        var manifest = folder.Write("m.csv", "image,caption,subject\na.png,Normal,p1\nb.png,Normal,p2\na.png,,p3\n");

        // When
        var error = Assert.Throws<InvalidDataException>(() => ManifestDataset.Open(manifest));

        // Then
        Assert.Contains("2 unusable row(s)", error.Message);
        Assert.Contains("m.csv:3", error.Message);
        Assert.Contains("m.csv:4", error.Message);
    }

    [Fact]
    public void Repeats_expand_the_dataset_when_opened()
    {
        // Given
        TestImages.WriteGradient(folder.File("a.png"));
        TestImages.WriteGradient(folder.File("b.png"));
        var manifest = folder.Write("m.csv", "image,caption,subject,repeats\na.png,x y,p1,3\nb.png,z,p2,1\n");

        // When
        var dataset = ManifestDataset.Open(manifest);

        // Then
        Assert.Equal(4, dataset.Items.Count);
        Assert.Equal(3, dataset.Items.Count(i => i.Caption == "x y"));
    }

    [Fact]
    public void Written_manifests_read_back_to_the_same_items()
    {
        // Given
        var a = TestImages.WriteGradient(folder.File("images", "a.png"));
        DatasetItem[] items =
        [
            new("a", a, "Left effusion, small.", "p1", DatasetSplit.Test, new Dictionary<string, string> { ["effusion_left"] = "1" }, "x"),
        ];
        var path = folder.File("manifest.csv");

        // When
        ManifestWriter.Write(path, items);
        var read = ManifestReader.Read(path);

        // Then
        Assert.Empty(read.Problems);
        var item = Assert.Single(read.Items);
        Assert.Equal(a, item.ImagePath);
        Assert.Equal("Left effusion, small.", item.Caption);
        Assert.Equal(DatasetSplit.Test, item.Split);
        Assert.Equal("1", item.Labels["effusion_left"]);
        Assert.Contains("images/a.png,", File.ReadAllText(path));
    }
}
