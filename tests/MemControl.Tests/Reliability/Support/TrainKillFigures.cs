using System.Globalization;

namespace MemControl.Tests.Reliability.Support;

/// <summary>What a <see cref="TrainKillCampaign"/> measured, as docs/reliability.md reports it.</summary>
public sealed record TrainKillFigures(
    int Kills,
    int KillsThatLeftAPartialCheckpointWrite,
    IReadOnlyList<string> UnreadableCheckpoints,
    IReadOnlyList<double> ReferenceLosses,
    IReadOnlyList<double> ResumedLosses,
    IReadOnlyList<string> LeftoverCheckpointFolders,
    IReadOnlyList<double> ResumeSeconds)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"kills {Kills} ({(Kills + 1) / 2} inside a checkpoint write, {KillsThatLeftAPartialCheckpointWrite} left a partial temporary folder); "
        + $"unreadable checkpoints {UnreadableCheckpoints.Count}; losses equal to the uninterrupted run: {ResumedLosses.SequenceEqual(ReferenceLosses)} "
        + $"({ResumedLosses.Count} steps); time to the first new checkpoint after a restart: median {ResumeSeconds.Order().ElementAt(ResumeSeconds.Count / 2):0.0} s, max {ResumeSeconds.Max():0.0} s");
}
