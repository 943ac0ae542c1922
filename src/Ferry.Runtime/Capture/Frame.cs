namespace Ferry.Runtime.Capture;

/// <summary>
/// One saved activation of a capturable method: where it resumes and the values live there
/// (arguments, locals and spilled evaluation-stack values, in an order only the weaver knows).
/// Value types are boxed. Frames are plain heap objects so the image serializer handles them like any other.
/// </summary>
public sealed class Frame
{
    /// <summary>Method identity for people (image show) and for checks on restore.</summary>
    public string Method;

    /// <summary>Index of the capture site the method resumes at.</summary>
    public int Resume;

    public object?[] Slots;

    public Frame(string method, int resume, int slotCount)
    {
        Method = method;
        Resume = resume;
        Slots = slotCount == 0 ? Array.Empty<object?>() : new object?[slotCount];
    }

    /// <summary>Called by woven save blocks: <c>Frame.Create(method, resume, n)</c>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static Frame Create(string method, int resume, int slotCount) => new(method, resume, slotCount);

    /// <summary>Called by woven save blocks; returns the frame so calls chain on the stack.</summary>
    public Frame Set(int index, object? value)
    {
        Slots[index] = value;
        return this;
    }

    public object? Get(int index) => Slots[index];

    public override string ToString() => $"{Method} @{Resume}";
}
