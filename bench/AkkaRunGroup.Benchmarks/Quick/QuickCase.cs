namespace AkkaRunGroup.Benchmarks.Quick;

/// <summary>
/// One line of the quick report: the library's operation and the two baselines' versions of it. Each is given as a
/// function that builds one operation (its groups) and returns the operation's timed part: as the workload defines
/// it, an operation is timed from the call of Run to its completion.
/// </summary>
/// <param name="Name">What is measured.</param>
/// <param name="MembersPerOp">Members (or children) in one operation; allocations are reported per member.</param>
/// <param name="Batch">Operations run back to back in one sample, so that short ones are above the timer's noise.</param>
/// <param name="Rounds">Interleaved samples of each variant; the medians, and the medians of the per-round ratios, are reported.</param>
/// <param name="GroupsPerOp">For throughput cases, groups in one operation (reported as groups per second).</param>
/// <param name="WarmUp">Whether to run one unrecorded sample of each first; the largest case relies on the earlier ones.</param>
/// <param name="Reference">An optional fourth variant, sampled with the others and reported after them, with its name.</param>
internal sealed record QuickCase(
    string Name,
    int MembersPerOp,
    int Batch,
    int Rounds,
    Func<Func<Task>> RunGroup,
    Func<Func<Task>> PlainTasks,
    Func<Func<Task>> AkkaFloor,
    int GroupsPerOp = 0,
    bool WarmUp = true,
    (string Name, Func<Func<Task>> Run)? Reference = null);
