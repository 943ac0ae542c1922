using System.Reflection;
using System.Runtime.CompilerServices;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Tests.Threading;

/// <summary>
/// Stands in for writing an image and reading it in a new process: a deep copy of the frozen threads'
/// graph (entries, frames, held locks) with fresh objects everywhere, so nothing of the copy shares a
/// monitor or a wait queue with the original. Tasks go through the surrogate API the image writer
/// uses: Task → <see cref="FerryTask"/> record (copied) → a new Task for it on "restore".
/// </summary>
public sealed class ImageCopy
{
    private readonly Dictionary<object, object> _copies = new(ReferenceEqualityComparer.Instance);

    /// <summary>A thread as the image holds it.</summary>
    public sealed record ThreadImage(int Id, string? Name, bool IsBackground, Delegate Entry, object? Argument, List<Frame> Frames, List<HeldLock> HeldLocks);

    public ThreadImage Copy(AppThread thread) => new(
        thread.Id,
        thread.Name,
        thread.IsBackground,
        (Delegate)Copy((object)thread.Entry)!,
        Copy(thread.EntryArgument),
        thread.SavedFrames.Select(f => (Frame)Copy(f)!).ToList(),
        thread.HeldLocks.Select(h => (HeldLock)Copy(h)!).ToList());

    /// <summary>The copy made of an original object (to check results on the restored side).</summary>
    public T Of<T>(T original) where T : class => (T)_copies[original];

    public object? Copy(object? value)
    {
        if (value is null) return null;
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is string || value is decimal) return value;
        if (_copies.TryGetValue(value, out var done)) return done;
        if (value is AppThread or Thread) throw new InvalidOperationException($"an image cannot hold a {type.Name}");

        if (value is Task task)
        {
            Assert.True(TaskShims.TryGetRecord(task, out var record), "a task Ferry does not know reached the image");
            var restored = TaskShims.GetTask((FerryTask)Copy(record)!);
            _copies[value] = restored;
            return restored;
        }
        if (value is Delegate d)
        {
            Assert.Single(d.GetInvocationList());
            var copy = d.Target is null
                ? Delegate.CreateDelegate(type, d.Method)
                : Delegate.CreateDelegate(type, Copy(d.Target), d.Method);
            _copies[value] = copy;
            return copy;
        }
        if (value is Array array)
        {
            var copy = Array.CreateInstance(type.GetElementType()!, array.Length);
            _copies[value] = copy;
            for (var i = 0; i < array.Length; i++) copy.SetValue(Copy(array.GetValue(i)), i);
            return copy;
        }
        var clone = RuntimeHelpers.GetUninitializedObject(type);
        _copies[value] = clone;
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                field.SetValue(clone, Copy(field.GetValue(value)));
        }
        return clone;
    }
}
