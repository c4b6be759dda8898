using System.Runtime.InteropServices;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. Every log line of a run, category <see cref="Category"/>, each a message template with named
/// placeholders, logged as a <see cref="RunGroupLogMessage"/> with the id of its kind (<see cref="LogLineKinds"/>) at the
/// kind's level. <c>{Error}</c> is an error put into words (<c>TypeName: message</c>); a line about an exit that may
/// be clean has two templates, "cleanly" and "with {Error}", so that a clean exit has no <c>Error</c> field; a line
/// that counts members says "1 member" or "N members", with the same fields. A line is skipped, arguments included,
/// when its logger does not log its level.
/// </summary>
internal static class LogLines
{
    /// <summary>The category, and Akka log source, of a run's lines.</summary>
    public const string Category = "AkkaRunGroup.RunGroup";

    private const string Interrupting = "; interrupting {MemberCount} members";
    private const string InterruptingOne = "; interrupting {MemberCount} member";
    private const string Draining = "; draining for {DrainDelay} before interrupting {MemberCount} members";
    private const string DrainingOne = "; draining for {DrainDelay} before interrupting {MemberCount} member";
    private const string Cleanly = " cleanly";
    private const string WithError = " with {Error}";

    /// <summary>Who stopped the group: a member's exit, at the interrupt.</summary>
    public static void FirstExit(RunPlan plan, string member, Exception? error, int members)
    {
        const string prefix = "Run group '{Group}': member '{Member}' exited first";
        if (!Enabled(plan, LogLineKinds.FirstExit))
        {
            return;
        }

        if (error is null)
        {
            Write(plan, LogLineKinds.FirstExit, null, members == 1 ? prefix + Cleanly + InterruptingOne : prefix + Cleanly + Interrupting, plan.Name, member, members);
        }
        else
        {
            Write(
                plan,
                LogLineKinds.FirstExit,
                null,
                members == 1 ? prefix + WithError + InterruptingOne : prefix + WithError + Interrupting,
                plan.Name,
                member,
                ExitText.Of(error),
                members);
        }
    }

    /// <summary>Who stopped the group: an interrupt from outside, at the interrupt.</summary>
    public static void InterruptedFromOutside(RunPlan plan, Exception? error, int members)
    {
        const string prefix = "Run group '{Group}' interrupted from outside";
        if (!Enabled(plan, LogLineKinds.InterruptedFromOutside))
        {
            return;
        }

        if (error is null)
        {
            Write(plan, LogLineKinds.InterruptedFromOutside, null, members == 1 ? prefix + Cleanly + InterruptingOne : prefix + Cleanly + Interrupting, plan.Name, members);
        }
        else
        {
            Write(
                plan,
                LogLineKinds.InterruptedFromOutside,
                null,
                members == 1 ? prefix + WithError + InterruptingOne : prefix + WithError + Interrupting,
                plan.Name,
                ExitText.Of(error),
                members);
        }
    }

    /// <summary>Who stopped the group, when the stop drains first: from outside, or a member that stops it from outside.</summary>
    public static void DrainBegins(RunPlan plan, string? member, Exception? error, int members)
    {
        const string outside = "Run group '{Group}' stopped from outside";
        const string byMember = "Run group '{Group}' stopped by member '{Member}'";
        var e = LogLineKinds.DrainBegins;
        if (!Enabled(plan, e))
        {
            return;
        }

        var one = members == 1;
        switch (member, error)
        {
            case (null, null):
                Write(plan, e, null, one ? outside + Cleanly + DrainingOne : outside + Cleanly + Draining, plan.Name, plan.DrainDelay, members);
                break;
            case (null, _):
                Write(plan, e, null, one ? outside + WithError + DrainingOne : outside + WithError + Draining, plan.Name, ExitText.Of(error), plan.DrainDelay, members);
                break;
            case (_, null):
                Write(plan, e, null, one ? byMember + Cleanly + DrainingOne : byMember + Cleanly + Draining, plan.Name, member, plan.DrainDelay, members);
                break;
            default:
                Write(
                    plan, e, null, one ? byMember + WithError + DrainingOne : byMember + WithError + Draining, plan.Name, member, ExitText.Of(error), plan.DrainDelay, members);
                break;
        }
    }

    /// <summary>A signal ended the drain early.</summary>
    public static void DrainCut(RunPlan plan, PosixSignal signal)
    {
        if (Enabled(plan, LogLineKinds.DrainCut))
        {
            Write(plan, LogLineKinds.DrainCut, null, "Run group '{Group}': {Signal} received while draining; interrupting now", plan.Name, signal);
        }
    }

    /// <summary>Each member's exit, at Debug.</summary>
    public static void MemberExited(RunPlan plan, string member, Exception? error)
    {
        const string prefix = "Run group '{Group}': member '{Member}' exited";
        if (!Enabled(plan, LogLineKinds.MemberExited))
        {
            return;
        }

        if (error is null)
        {
            Write(plan, LogLineKinds.MemberExited, null, prefix + Cleanly, plan.Name, member);
        }
        else
        {
            Write(plan, LogLineKinds.MemberExited, null, prefix + WithError, plan.Name, member, ExitText.Of(error));
        }
    }

    /// <summary>A member's restart policy runs it again.</summary>
    public static void Restarting(RunPlan plan, string member, Exception? error, int restart, RestartPolicy policy, TimeSpan backoff)
    {
        const string prefix = "Run group '{Group}': member '{Member}' exited";
        const string suffix = "; restart {Restart} of at most {MaxRestarts} within {Within}, in {BackoffMs:0} ms";
        if (!Enabled(plan, LogLineKinds.MemberRestarting))
        {
            return;
        }

        if (error is null)
        {
            Write(
                plan, LogLineKinds.MemberRestarting, null, prefix + Cleanly + suffix, plan.Name, member, restart, policy.MaxRestarts, policy.Within, backoff.TotalMilliseconds);
        }
        else
        {
            Write(
                plan,
                LogLineKinds.MemberRestarting,
                null,
                prefix + WithError + suffix,
                plan.Name,
                member,
                ExitText.Of(error),
                restart,
                policy.MaxRestarts,
                policy.Within,
                backoff.TotalMilliseconds);
        }
    }

    /// <summary>An actor member failed: the GroupSupervisor stopped it, and it exits with the failure.</summary>
    public static void ActorFailed(RunPlan plan, string member, Exception failure)
    {
        if (Enabled(plan, LogLineKinds.MemberActorFailed))
        {
            Write(
                plan,
                LogLineKinds.MemberActorFailed,
                ExitText.AsCause(failure),
                "Run group '{Group}': the actor of member '{Member}' failed with {Error}; it is stopped",
                plan.Name,
                member,
                ExitText.Of(failure));
        }
    }

    /// <summary>A member's interrupt threw.</summary>
    public static void InterruptThrew(RunPlan plan, string member, Exception thrown)
    {
        if (Enabled(plan, LogLineKinds.InterruptThrew))
        {
            Write(
                plan,
                LogLineKinds.InterruptThrew,
                ExitText.AsCause(thrown),
                "Run group '{Group}': the interrupt of member '{Member}' threw {Error}; the other interrupts go on.",
                plan.Name,
                member,
                ExitText.Of(thrown));
        }
    }

    /// <summary>In reverse order, a member's turn ended without its exit.</summary>
    public static void TurnTimedOut(RunPlan plan, string member)
    {
        if (Enabled(plan, LogLineKinds.InterruptTurnTimedOut))
        {
            Write(
                plan,
                LogLineKinds.InterruptTurnTimedOut,
                null,
                "Run group '{Group}': member '{Member}' did not exit within the interrupt timeout of {InterruptTimeout}; interrupting the next member",
                plan.Name,
                member,
                plan.InterruptTimeout);
        }
    }

    /// <summary>The interrupt timeout elapsed: the run completes without the members in <paramref name="abandoned"/>.</summary>
    public static void Abandoned(RunPlan plan, List<string> abandoned)
    {
        const string prefix = "Run group '{Group}': interrupt timeout of {InterruptTimeout} elapsed; completing without {AbandonedCount}";
        const string suffix = " still running: {Abandoned}";
        if (Enabled(plan, LogLineKinds.MembersAbandoned))
        {
            Write(
                plan,
                LogLineKinds.MembersAbandoned,
                null,
                abandoned.Count == 1 ? prefix + " member" + suffix : prefix + " members" + suffix,
                plan.Name,
                plan.InterruptTimeout,
                abandoned.Count,
                string.Join(", ", abandoned.Select(n => $"'{n}'")));
        }
    }

    /// <summary>The GroupSupervisor's own code threw.</summary>
    public static void SupervisorFailed(RunPlan plan, Exception e)
    {
        if (Enabled(plan, LogLineKinds.SupervisorFailed))
        {
            Write(
                plan,
                LogLineKinds.SupervisorFailed,
                ExitText.AsCause(e),
                "The GroupSupervisor of run group '{Group}' failed with {Error}; interrupting the group",
                plan.Name,
                ExitText.Of(e));
        }
    }

    /// <summary>How the run ended: logged before the run's task completes.</summary>
    public static void Completed(RunPlan plan, RunResult result)
    {
        if (Enabled(plan, LogLineKinds.RunCompleted))
        {
            Write(
                plan,
                LogLineKinds.RunCompleted,
                null,
                "Run group '{Group}' completed in {ElapsedMs:0.###} ms: {Result}",
                plan.Name,
                result.Elapsed.TotalMilliseconds,
                result.ToString());
        }
    }

    /// <summary>The run completed and runs CoordinatedShutdown, as <c>run-on-exit</c> asks.</summary>
    public static void RunningCoordinatedShutdown(RunPlan plan)
    {
        if (Enabled(plan, LogLineKinds.RunningCoordinatedShutdown))
        {
            Write(plan, LogLineKinds.RunningCoordinatedShutdown, null, "Run group '{Group}' completed; running CoordinatedShutdown (run-on-exit = on)", plan.Name);
        }
    }

    /// <summary>Whether a line of <paramref name="kind"/> is logged: asked of the system first, which creates no logger.</summary>
    private static bool Enabled(RunPlan plan, LogLineKind kind) => plan.IsEnabled(kind.Level) && plan.Log.IsEnabled(kind.Level);

    private static void Write(RunPlan plan, LogLineKind kind, Exception? cause, string template, params object?[] args) =>
        plan.Log.Log(kind.Level, cause, new RunGroupLogMessage(kind.Id, kind.Name, template, args));
}
