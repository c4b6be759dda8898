using System.Diagnostics;

namespace AkkaRunGroup.Internal;

/// <summary>INTERNAL API. The restarts of one member, counted against its policy's intensity.</summary>
internal sealed class RestartHistory(RestartPolicy policy)
{
    private readonly Queue<long> _recent = new();

    public RestartPolicy Policy => policy;

    public int Count { get; private set; }

    /// <summary>
    /// Decides whether member <paramref name="member"/>'s exit with <paramref name="error"/> is followed by a restart
    /// and, if so, counts it, publishes <see cref="MemberRestarted"/> and logs it.
    /// </summary>
    public bool TryRestart(RunPlan plan, string member, Exception? error, out TimeSpan backoff)
    {
        if (!TryCount(error, out backoff))
        {
            return false;
        }

        plan.Publish(new MemberRestarted(plan.Name, member, error, Count, backoff));
        LogLines.Restarting(plan, member, error, Count, policy, backoff);
        return true;
    }

    /// <summary>
    /// Decides whether an exit with <paramref name="error"/> is followed by a restart and, if so, counts it.
    /// </summary>
    /// <param name="error">The exit error.</param>
    /// <param name="backoff">The wait before the restart.</param>
    /// <returns>False when the policy does not cover the exit or its intensity would be exceeded.</returns>
    private bool TryCount(Exception? error, out TimeSpan backoff)
    {
        backoff = TimeSpan.Zero;
        if (!policy.Covers(error))
        {
            return false;
        }

        var now = Stopwatch.GetTimestamp();
        while (_recent.Count > 0 && Stopwatch.GetElapsedTime(_recent.Peek(), now) > policy.Within)
        {
            _recent.Dequeue();
        }

        if (_recent.Count >= policy.MaxRestarts)
        {
            return false;
        }

        backoff = policy.Backoff(_recent.Count, Random.Shared.NextDouble());
        _recent.Enqueue(now);
        Count++;
        return true;
    }
}
