using MemControl.Data;
using MemControl.Data.Phantoms;
using MemControl.Data.Splits;

namespace MemControl.Tests.Data;

public sealed class SubjectSplitterTests
{
    private static DatasetItem Item(string id, string subject, DatasetSplit? split = null) =>
        new(id, null, "caption", subject, split, DatasetItem.NoLabels, $"m.csv:{id}");

    private static DatasetItem[] ManySubjects(int subjects, int studiesEach) =>
        Enumerable.Range(0, subjects * studiesEach).Select(i => Item($"{i}", $"p{i % subjects}")).ToArray();

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        // Given
        var items = ManySubjects(200, 3);

        // When
        var first = SubjectSplitter.Assign(items, new SplitOptions { Seed = 7 });
        var again = SubjectSplitter.Assign(items.Reverse().ToArray(), new SplitOptions { Seed = 7 }).Reverse().ToArray();
        var other = SubjectSplitter.Assign(items, new SplitOptions { Seed = 8 });

        // Then: row order does not matter, the seed does
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void No_subject_is_in_two_splits_and_the_fractions_hold()
    {
        // Given
        var items = ManySubjects(200, 3);

        // When
        var splits = SubjectSplitter.Assign(items, new SplitOptions { ValidationFraction = 0.1, TestFraction = 0.2, Seed = 1 });

        // Then
        var perSubject = items.Select((item, i) => (item.Subject, splits[i])).Distinct().GroupBy(x => x.Subject);
        Assert.All(perSubject, g => Assert.Single(g));
        Assert.Equal(20 * 3, splits.Count(s => s == DatasetSplit.Validation));
        Assert.Equal(40 * 3, splits.Count(s => s == DatasetSplit.Test));
    }

    [Fact]
    public void Subject_counts_override_fractions()
    {
        // When
        var splits = SubjectSplitter.Assign(ManySubjects(50, 2), new SplitOptions { ValidationSubjects = 3, TestSubjects = 4 });

        // Then
        Assert.Equal(6, splits.Count(s => s == DatasetSplit.Validation));
        Assert.Equal(8, splits.Count(s => s == DatasetSplit.Test));
    }

    [Fact]
    public void A_given_split_is_honoured_for_the_whole_subject()
    {
        // Given: x1's first study says test, its second says nothing
        DatasetItem[] items = [Item("a", "x1", DatasetSplit.Test), Item("b", "x1"), .. ManySubjects(30, 1)];

        // When
        var splits = SubjectSplitter.Assign(items, new SplitOptions { TestFraction = 0, ValidationFraction = 0 });

        // Then
        Assert.Equal(DatasetSplit.Test, splits[0]);
        Assert.Equal(DatasetSplit.Test, splits[1]);
        Assert.All(splits.Skip(2), s => Assert.Equal(DatasetSplit.Train, s));
    }

    [Fact]
    public void A_subject_given_two_splits_is_an_error_naming_both_rows()
    {
        // Given
        DatasetItem[] items = [Item("a", "p1", DatasetSplit.Train), Item("b", "p1", DatasetSplit.Test)];

        // When
        var error = Assert.Throws<InvalidDataException>(() => SubjectSplitter.Assign(items, new SplitOptions()));

        // Then
        Assert.Contains("m.csv:a", error.Message);
        Assert.Contains("m.csv:b", error.Message);
    }

    [Fact]
    public void An_empty_split_is_an_error_saying_what_to_do()
    {
        // Given
        var dataset = PhantomDataset.Create(new PhantomOptions { Count = 6, Subjects = 3 });

        // When
        var error = Assert.Throws<InvalidDataException>(() =>
            SubjectSplitter.Select(dataset, DatasetSplit.Test, new SplitOptions { TestFraction = 0 }));

        // Then
        Assert.Contains("'test' split is empty", error.Message);
        Assert.Contains("larger fraction", error.Message);
    }

    [Fact]
    public void Fractions_that_add_to_more_than_one_are_an_option_error()
    {
        // When / Then
        var error = Assert.Throws<ArgumentException>(() =>
            SubjectSplitter.Assign(ManySubjects(5, 1), new SplitOptions { ValidationFraction = 0.6, TestFraction = 0.6 }));
        Assert.Equal("ValidationFraction + TestFraction: is 1.2, more than 1", error.Message);
    }
}
