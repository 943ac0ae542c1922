namespace Ferry.Node.State;

/// <summary>
/// Who owns an instance: the node named <see cref="Owner"/> at <see cref="Epoch"/>. An instance that never
/// moved is owned by the node it runs on at epoch 0; each move hands epoch + 1 to the target.
/// </summary>
public sealed record InstanceOwnership(string InstanceId, long Epoch, string Owner);
