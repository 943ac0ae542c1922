namespace Ferry.Runtime.Imaging;

/// <summary>
/// Shims that keep process-wide state of their own (wait queues of monitors, task records, ...)
/// register it here so it travels in the image's "environment" section under their name.
/// </summary>
public static class RuntimeStateRegistry
{
    private static readonly List<(string Name, Func<object?> Capture, Action<object?> Restore)> s_entries = new();

    public static void Register(string name, Func<object?> capture, Action<object?> restore)
    {
        lock (s_entries)
        {
            s_entries.RemoveAll(e => e.Name == name);
            s_entries.Add((name, capture, restore));
        }
    }

    internal static (string[] Names, object?[] Values) CaptureAll()
    {
        lock (s_entries)
            return (s_entries.Select(e => e.Name).ToArray(), s_entries.Select(e => e.Capture()).ToArray());
    }

    internal static void RestoreAll(string[] names, object?[] values)
    {
        lock (s_entries)
        {
            for (var i = 0; i < names.Length; i++)
            {
                var entry = s_entries.FirstOrDefault(e => e.Name == names[i]);
                if (entry.Name is null)
                    throw new Capture.ImageMismatchException($"the image carries runtime state '{names[i]}' this runtime does not know");
                entry.Restore(values[i]);
            }
        }
    }
}
