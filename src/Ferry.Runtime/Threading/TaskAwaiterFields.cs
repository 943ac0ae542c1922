using System.Runtime.CompilerServices;

namespace Ferry.Runtime.Threading;

/// <summary>The Task inside a TaskAwaiter (the shims of GetAwaiter().GetResult() wait on it first).</summary>
internal static class TaskAwaiterFields
{
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_task")]
    public static extern ref Task TaskOf(ref TaskAwaiter awaiter);

    public static class Of<T>
    {
        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "m_task")]
        public static extern ref Task<T> TaskOf(ref TaskAwaiter<T> awaiter);
    }
}
