namespace Candor.Datasets;

/// <summary>
/// Something wrong in a data set that was reported and skipped instead of stopping the read: a bad row, a shard that
/// ends early, a column that cannot be read.
/// </summary>
/// <param name="Shard">The shard's path (or the file within an image folder).</param>
/// <param name="Row">The row (record) within the shard, from 0, when the problem belongs to one row; null for the whole shard.</param>
/// <param name="Message">What went wrong, in plain language.</param>
public sealed record DatasetProblem(string Shard, long? Row, string Message);
