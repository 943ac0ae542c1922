using System.Runtime.CompilerServices;

namespace Ferry.Runtime.Threading;

/// <summary>
/// The two-way map between the Tasks the app holds and their <see cref="FerryTask"/> records. Runtime
/// only: neither table goes into an image (the record does, in place of the Task).
/// </summary>
internal static class TaskRecords
{
    private static readonly object s_sync = new();
    private static readonly ConditionalWeakTable<Task, FerryTask> s_recordOf = new();
    private static readonly ConditionalWeakTable<FerryTask, object> s_sourceOf = new();
    private static int s_lastId;

    /// <summary>A new record with its Task (Task.Run and friends).</summary>
    public static TTask Start<TTask>(FerryTask record) where TTask : Task
    {
        record.Id = Interlocked.Increment(ref s_lastId);
        return (TTask)GetOrCreateTask(record);
    }

    public static bool TryGetRecord(Task task, out FerryTask record) => s_recordOf.TryGetValue(task, out record!);

    /// <summary>The Task for a record: the same Task every time; a restored record gets a new one, completed if the record is.</summary>
    public static Task GetOrCreateTask(FerryTask record)
    {
        lock (s_sync)
        {
            if (s_sourceOf.TryGetValue(record, out var existing)) return record.TaskOf(existing);
            var source = record.CreateSource();
            var task = record.TaskOf(source);
            s_sourceOf.Add(record, source);
            s_recordOf.AddOrUpdate(task, record);
            SettleLocked(record, source);
            return task;
        }
    }

    /// <summary>
    /// Restore: the record's fields are all read now (an image reader hands out the Task before it fills
    /// the record): complete its Task if the record is done, and keep new ids above the record's.
    /// </summary>
    public static void Settle(FerryTask record)
    {
        lock (s_sync)
        {
            if (s_sourceOf.TryGetValue(record, out var source)) SettleLocked(record, source);
        }
    }

    private static void SettleLocked(FerryTask record, object source)
    {
        int last;
        while ((last = Volatile.Read(ref s_lastId)) < record.Id) Interlocked.CompareExchange(ref s_lastId, record.Id, last);
        if (record.IsDone) record.Settle(source);
    }

    /// <summary>
    /// The work item finished (<paramref name="error"/> null: success; a result is already in the record).
    /// The app's Task completes first, then the record: a thread that sees the record done finds the Task
    /// complete and can ask it for the result or exception without blocking.
    /// </summary>
    public static void Complete(FerryTask record, Exception? error)
    {
        record.Exception = error;
        var status = error is null ? FerryTaskStatus.RanToCompletion : FerryTaskStatus.Faulted;
        object? source;
        lock (s_sync)
        {
            if (!s_sourceOf.TryGetValue(record, out source)) record.Status = status; // no Task made yet: a later one starts completed
        }
        if (source is not null) record.Settle(source);
        lock (record)
        {
            record.Status = status;
            Monitor.PulseAll(record);
        }
    }
}
