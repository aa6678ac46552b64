using MemControl.Data.Phantoms;

namespace MemControl.Tests.Data;

public sealed class PhantomGeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_images_and_reports()
    {
        // Given
        var options = new PhantomOptions { Count = 12, Subjects = 4, Seed = 3 };

        // When
        var first = PhantomDataset.Create(options);
        var second = PhantomDataset.Create(options);
        var other = PhantomDataset.Create(options with { Seed = 4 });

        // Then
        Assert.Equal(first.Items.Select(i => i.Caption), second.Items.Select(i => i.Caption));
        Assert.Equal(first.LoadImage(5, 32).Pixels, second.LoadImage(5, 32).Pixels);
        Assert.Equal(first.LoadImage(7, 16).Pixels, second.LoadImage(7, 16).Pixels);
        Assert.Equal(first.Studies[5].Details!.Electrodes, second.Studies[5].Details!.Electrodes);
        Assert.NotEqual(first.LoadImage(5, 32).Pixels, other.LoadImage(5, 32).Pixels);
    }

    [Fact]
    public void Studies_are_dealt_to_subjects_which_keep_their_anatomy()
    {
        // When
        var studies = PhantomGenerator.Generate(new PhantomOptions { Count = 9, Subjects = 3 });

        // Then
        Assert.Equal(["S00001", "S00002", "S00003", "S00001"], studies.Take(4).Select(s => s.Subject));
        Assert.Same(studies[0].Anatomy, studies[3].Anatomy);
        Assert.NotEqual(studies[0].Anatomy, studies[1].Anatomy);
        Assert.NotEqual(studies[0].Pose, studies[3].Pose);
    }

    [Fact]
    public void Version_2_adds_details_to_each_film_and_leaves_every_version_1_draw_as_it_was()
    {
        // When
        var original = PhantomGenerator.Generate(new PhantomOptions { Count = 20, Subjects = 5, Seed = 3, Version = 1 });
        var current = PhantomGenerator.Generate(new PhantomOptions { Count = 20, Subjects = 5, Seed = 3 });

        // Then: without its details a version 2 film is the version 1 film, pixel for pixel
        Assert.All(original, study => Assert.Null(study.Details));
        Assert.All(current, study => Assert.NotNull(study.Details));
        Assert.Equal(original.Select(s => s.Report), current.Select(s => s.Report));
        for (var i = 0; i < original.Count; i++)
        {
            Assert.Equal(PhantomRenderer.Render(original[i], 32).Pixels, PhantomRenderer.Render(current[i] with { Details = null }, 32).Pixels);
            Assert.NotEqual(PhantomRenderer.Render(original[i], 32).Pixels, PhantomRenderer.Render(current[i], 32).Pixels);
        }
    }

    [Fact]
    public void Films_of_one_subject_differ_in_electrodes_and_position()
    {
        // When
        var studies = PhantomGenerator.Generate(new PhantomOptions { Count = 8, Subjects = 2, Seed = 9 });

        // Then
        var first = studies[0].Details!;
        var again = studies[2].Details!;
        Assert.Same(studies[0].Anatomy, studies[2].Anatomy);
        Assert.NotEqual(first.Electrodes, again.Electrodes);
        Assert.NotEqual((first.OffsetX, first.OffsetY), (again.OffsetX, again.OffsetY));
    }

    [Fact]
    public void An_unknown_generator_version_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PhantomGenerator.Generate(new PhantomOptions { Count = 4, Version = 3 }));
        Assert.Throws<ArgumentException>(() => PhantomGenerator.Generate(new PhantomOptions { Count = 4, Version = 0 }));
    }

    [Fact]
    public void Every_report_states_exactly_the_studys_findings()
    {
        // Given
        var studies = PhantomGenerator.Generate(new PhantomOptions { Count = 600, Subjects = 100, Seed = 11 });

        // Then
        Assert.All(studies, study =>
        {
            var report = study.Report.ToLowerInvariant();
            var f = study.Findings;
            Assert.Equal(f.Cardiomegaly, report.Contains("enlarge", StringComparison.Ordinal) || report.Contains("cardiomegaly", StringComparison.Ordinal));
            Assert.Equal(f.EffusionRight || f.EffusionLeft, report.Contains("effusion", StringComparison.Ordinal) && !report.Contains("no pleural effusion", StringComparison.Ordinal) && !report.Contains("consolidation, effusion", StringComparison.Ordinal));
            Assert.Equal(f.Pneumothorax is not null, report.Contains("pneumothorax", StringComparison.Ordinal) && !report.Contains("no pneumothorax", StringComparison.Ordinal) && !report.Contains("effusion or pneumothorax", StringComparison.Ordinal));
            Assert.Equal(f.Nodule is not null, report.Contains("nodul", StringComparison.Ordinal));
            Assert.Equal(f.Pacemaker, report.Contains("pacemaker", StringComparison.Ordinal) || report.Contains("pacer", StringComparison.Ordinal));
            Assert.Equal(f.EndotrachealTube, report.Contains("endotracheal", StringComparison.Ordinal) || report.Contains("et tube", StringComparison.Ordinal));
            Assert.Equal(f.CentralLine, report.Contains("central", StringComparison.Ordinal));
            foreach (var lobe in Enum.GetValues<Lobe>())
            {
                Assert.Equal(f.Consolidation.Contains(lobe), report.Contains(ReportWriter.LobeName(lobe), StringComparison.Ordinal));
            }

            if (f.Nodule is { } nodule)
            {
                Assert.Contains(nodule.Side.ToString().ToLowerInvariant(), report);
            }
        });
        Assert.InRange(studies.Count(s => s.Findings.IsNormal), 100, 350);
        Assert.True(studies.Select(s => s.Report).Distinct().Count() > 300, "reports should vary in phrasing");
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(224)]
    public void Any_resolution_renders_a_gray_image_in_range(int size)
    {
        // When
        var image = PhantomDataset.Create(new PhantomOptions { Count = 1 }).LoadImage(0, size);

        // Then
        Assert.Equal((1, size, size), (image.Channels, image.Height, image.Width));
        Assert.All(image.Pixels, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void The_image_looks_like_a_chest_film_dark_lungs_bright_mediastinum_black_outside()
    {
        // Given: a normal study
        var study = PhantomGenerator.Generate(new PhantomOptions { Count = 1 })[0] with { Findings = new PhantomFindings() };

        // When
        var image = PhantomRenderer.Render(study, 128);

        // Then: mean brightness of regions in the body's coordinates
        float Mean(float x0, float x1, float y0, float y1)
        {
            var values = new List<float>();
            for (var y = (int)(y0 * 128); y < (int)(y1 * 128); y++)
            {
                for (var x = (int)(x0 * 128); x < (int)(x1 * 128); x++)
                {
                    values.Add(image.Pixels[(y * 128) + x]);
                }
            }

            return values.Average();
        }

        var rightLung = Mean(0.27f, 0.36f, 0.35f, 0.5f);
        var mediastinum = Mean(0.47f, 0.53f, 0.35f, 0.5f);
        var abdomen = Mean(0.3f, 0.7f, 0.9f, 1f);
        Assert.True(mediastinum > rightLung + 0.2f, $"mediastinum {mediastinum} vs lung {rightLung}");
        Assert.True(abdomen > rightLung + 0.2f, $"abdomen {abdomen} vs lung {rightLung}");
        Assert.InRange(rightLung, 0.15f, 0.55f);
    }

    [Fact]
    public void Findings_change_the_image_where_they_are()
    {
        // Given: one study drawn normal, with a right effusion, and with cardiomegaly
        var normal = PhantomGenerator.Generate(new PhantomOptions { Count = 1, Seed = 5 })[0] with { Findings = new PhantomFindings() };
        var effusion = normal with { Findings = new PhantomFindings { EffusionRight = true } };
        var enlarged = normal with { Findings = new PhantomFindings { Cardiomegaly = true } };
        const int Size = 96;

        // When
        var plain = PhantomRenderer.Render(normal, Size).Pixels;
        var fluid = PhantomRenderer.Render(effusion, Size).Pixels;
        var heart = PhantomRenderer.Render(enlarged, Size).Pixels;

        // Then: the right (image-left) base brightens with fluid, the left (image-right) apex does not change
        float Sum(float[] p, float x0, float x1, float y0, float y1) =>
            Enumerable.Range((int)(y0 * Size), (int)((y1 - y0) * Size))
                .SelectMany(y => Enumerable.Range((int)(x0 * Size), (int)((x1 - x0) * Size)).Select(x => p[(y * Size) + x])).Sum();
        Assert.True(Sum(fluid, 0.2f, 0.4f, 0.55f, 0.72f) > Sum(plain, 0.2f, 0.4f, 0.55f, 0.72f) + 5f);
        Assert.Equal(Sum(plain, 0.6f, 0.8f, 0.2f, 0.3f), Sum(fluid, 0.6f, 0.8f, 0.2f, 0.3f), 3);
        Assert.True(Sum(heart, 0.55f, 0.8f, 0.5f, 0.7f) > Sum(plain, 0.55f, 0.8f, 0.5f, 0.7f) + 5f);
    }

    [Fact]
    public void Labels_record_each_finding()
    {
        // Given
        var findings = new PhantomFindings
        {
            EffusionLeft = true,
            Consolidation = [Lobe.RightLower],
            Nodule = new Nodule(12, Side.Left, LungZone.Upper, 0.5f, 0.5f),
        };

        // When
        var labels = findings.ToLabels();

        // Then
        Assert.Equal("0", labels["normal"]);
        Assert.Equal("1", labels["effusion_left"]);
        Assert.Equal("0", labels["effusion_right"]);
        Assert.Equal("1", labels["consolidation_rll"]);
        Assert.Equal("12", labels["nodule_size_mm"]);
        Assert.Equal("left upper", labels["nodule_position"]);
        Assert.Equal("1", new PhantomFindings().ToLabels()["normal"]);
    }
}
