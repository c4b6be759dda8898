using System.Runtime.InteropServices;
using Akka.Actor;
using AkkaRunGroup.Hosting.Internal;

namespace AkkaRunGroup.Hosting.Tests.Internal;

/// <summary>Which errors count as a failure for the exit code.</summary>
public sealed class HostedGroupsTests
{
    private sealed class Reason : CoordinatedShutdown.Reason
    {
        public override int ExitCode => 0;
    }

    [Fact]
    public void Only_errors_that_are_not_a_stop_request_are_failures()
    {
        Assert.False(HostedGroups.IsFailure(null));
        Assert.False(HostedGroups.IsFailure(new SignalException(PosixSignal.SIGTERM)));
        Assert.False(HostedGroups.IsFailure(new OperationCanceledException()));
        Assert.False(HostedGroups.IsFailure(new TaskCanceledException()));
        Assert.False(HostedGroups.IsFailure(new CoordinatedShutdownException(new Reason(), "shutdown")));
        Assert.True(HostedGroups.IsFailure(new InvalidOperationException()));
        Assert.True(HostedGroups.IsFailure(new ActorSystemTerminatedException("terminated")));
    }
}
