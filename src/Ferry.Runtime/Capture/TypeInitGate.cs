using System.Collections.Concurrent;

namespace Ferry.Runtime.Capture;

/// <summary>
/// Woven class constructors begin with <c>if (TypeInitGate.ShouldSkip(typeof(T))) return;</c>.
/// It records which types have been initialized (their statics belong in an image), and in a
/// restored process tells the class constructor of a type whose statics come from the image not
/// to run again (its side effects already happened before the checkpoint).
/// </summary>
public static class TypeInitGate
{
    private static readonly ConcurrentDictionary<Type, bool> s_initialized = new();
    private static readonly ConcurrentDictionary<Type, bool> s_restored = new();

    public static bool ShouldSkip(Type type)
    {
        s_initialized[type] = true;
        return s_restored.ContainsKey(type);
    }

    /// <summary>Types whose class constructor has run (or was skipped because the image initialized them).</summary>
    public static IReadOnlyCollection<Type> Initialized => (IReadOnlyCollection<Type>)s_initialized.Keys;

    /// <summary>Restore: the statics of <paramref name="type"/> come from the image.</summary>
    public static void MarkRestored(Type type) => s_restored[type] = true;
}
