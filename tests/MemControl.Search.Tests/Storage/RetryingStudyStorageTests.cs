using System.Reflection;
using MemControl.Search.Storage;
using MemControl.Storage;

namespace MemControl.Search.Tests.Storage;

/// <summary>The back-off retry that lets workers ride out a PostgreSQL restart (tested end to end in PostgresRestartTests).</summary>
public sealed class RetryingStudyStorageTests
{
    [Fact]
    public void A_call_failing_transiently_is_retried_with_growing_pauses_until_it_succeeds()
    {
        // Given: a storage whose next three calls fail as a restarting server's would
        var (storage, flaky) = Flaky(new IOException("connection reset"));
        var log = new List<string>();
        var retrying = new RetryingStudyStorage(storage, "db", e => e is IOException, log.Add) { FirstPause = TimeSpan.FromMilliseconds(1) };
        flaky.FailuresLeft = 3;

        // When
        var study = retrying.CreateOrLoadStudy("s", [StudyDirection.Minimize]);

        // Then
        Assert.Equal("s", study.Name);
        Assert.Equal(3, retrying.Retries);
        Assert.Equal(["retry 1 in 0.0 s", "retry 2 in 0.0 s", "retry 3 in 0.0 s"], log.Select(l => l[(l.IndexOf("retry", StringComparison.Ordinal))..]));
    }

    [Fact]
    public void A_permanent_error_is_not_retried()
    {
        // Given
        var (storage, flaky) = Flaky(new InvalidDataException("schema newer than this code"));
        var retrying = new RetryingStudyStorage(storage, "db", e => e is IOException);
        flaky.FailuresLeft = 1;

        // When / Then
        Assert.Throws<InvalidDataException>(() => retrying.FindStudy("s"));
        Assert.Equal(0, retrying.Retries);
    }

    [Fact]
    public void A_server_down_longer_than_the_limit_is_one_error_naming_the_storage()
    {
        // Given
        var (storage, flaky) = Flaky(new IOException("connection refused"));
        var retrying = new RetryingStudyStorage(storage, "postgresql://u@h:5432/db", e => e is IOException)
        {
            FirstPause = TimeSpan.FromMilliseconds(5),
            MaxWait = TimeSpan.FromMilliseconds(100),
        };
        flaky.FailuresLeft = int.MaxValue;

        // When
        var error = Assert.Throws<IOException>(() => retrying.GetAllStudies());

        // Then
        Assert.StartsWith("storage postgresql://u@h:5432/db: still failing after", error.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        Assert.True(retrying.Retries >= 3, $"{retrying.Retries} retries");
    }

    [Fact]
    public void A_finish_whose_commit_succeeded_but_whose_answer_was_lost_is_not_reported_as_a_conflict()
    {
        // Given: a running trial, and a storage that commits the next call but then loses the connection
        var (storage, flaky) = Flaky(new IOException("connection reset"));
        var retrying = new RetryingStudyStorage(storage, "db", e => e is IOException) { FirstPause = TimeSpan.FromMilliseconds(1) };
        var study = retrying.CreateOrLoadStudy("s", [StudyDirection.Minimize]);
        var trial = retrying.StartTrial(study.StudyId, "w")!;
        flaky.LoseAnswersLeft = 1;

        // When
        var finished = retrying.FinishTrial(trial.TrialId, TrialState.Complete, [0.5]);

        // Then
        Assert.Equal(TrialState.Complete, finished.State);
        Assert.Equal([0.5], finished.Values!);
        Assert.Equal(1, retrying.Retries);
    }

    private static (IStudyStorage Storage, FlakyStorage Flaky) Flaky(Exception failure)
    {
        var proxy = DispatchProxy.Create<IStudyStorage, FlakyStorage>();
        var flaky = (FlakyStorage)(object)proxy;
        flaky.Inner = new InMemoryStudyStorage();
        flaky.Failure = failure;
        return (proxy, flaky);
    }

    /// <summary>An in-memory storage whose next <see cref="FailuresLeft"/> calls throw <see cref="Failure"/>.</summary>
    public class FlakyStorage : DispatchProxy
    {
        public IStudyStorage Inner { get; set; } = null!;

        public Exception Failure { get; set; } = null!;

        public int FailuresLeft { get; set; }

        /// <summary>Calls that run on the inner storage and then throw, as a commit whose answer is lost.</summary>
        public int LoseAnswersLeft { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw Failure;
            }

            try
            {
                var result = targetMethod!.Invoke(Inner, args);
                if (LoseAnswersLeft > 0)
                {
                    LoseAnswersLeft--;
                    throw Failure;
                }

                return result;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
