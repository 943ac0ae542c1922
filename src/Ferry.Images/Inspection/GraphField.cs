namespace Ferry.Images.Inspection;

/// <summary>A field of an inspected object (struct fields flattened as "outer.inner").</summary>
public sealed record GraphField(string Name, GraphValue Value);
