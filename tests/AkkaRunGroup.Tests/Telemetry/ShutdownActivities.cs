using System.Collections.Concurrent;
using System.Diagnostics;

namespace AkkaRunGroup.Tests.Telemetry;

/// <summary>
/// An <see cref="ActivityListener"/> that samples the activity source <see cref="RunGroupTelemetry.ActivitySourceName"/>
/// and <see cref="Caller"/>, and keeps the stopped shutdown activities of the groups it is given (tests run in
/// parallel: each names its groups uniquely).
/// </summary>
public sealed class ShutdownActivities : IDisposable
{
    /// <summary>The source of the activities tests start around their runs, as a caller would.</summary>
    public static readonly ActivitySource Caller = new("AkkaRunGroup.Tests.Caller");

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly HashSet<string> _groups;

    public ShutdownActivities(params string[] groups)
    {
        _groups = [.. groups];
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RunGroupTelemetry.ActivitySourceName || source == Caller,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == RunGroupTelemetry.ActivitySourceName && activity.GetTagItem(GroupMeasurements.GroupTag) is string group && _groups.Contains(group))
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The one shutdown activity of <paramref name="group"/>; fails if there is none, or more than one.</summary>
    public Activity Of(string group) => Assert.Single(_stopped, a => (string?)a.GetTagItem(GroupMeasurements.GroupTag) == group);

    public void Dispose() => _listener.Dispose();
}
