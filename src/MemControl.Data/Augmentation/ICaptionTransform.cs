namespace MemControl.Data.Augmentation;

/// <summary>
/// A change made to a caption each time it is read for training (random word addition, dropout). It draws only
/// from <paramref name="random"/>, so a seeded loader gives the same captions on every run.
/// </summary>
public interface ICaptionTransform
{
    string Apply(string caption, Random random);
}
