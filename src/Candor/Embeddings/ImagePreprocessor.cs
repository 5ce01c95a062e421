using Candor.Imaging;

namespace Candor.Embeddings;

/// <summary>
/// Turns a <see cref="FloatImage"/> into one image's model input as an <see cref="EncoderConfig"/> describes it: 8-bit
/// RGB (grey copied to the three channels, alpha dropped), resized and cropped by <see cref="PilResampler"/>, then
/// (pixel × scale − mean[c]) / std[c] in float32, laid out NCHW or NHWC without the batch dimension.
/// </summary>
internal sealed class ImagePreprocessor
{
    private readonly float _divisor;
    private readonly float _scale;
    private readonly float[] _mean;
    private readonly float[] _std;

    public ImagePreprocessor(int size, ImageResize resize, ImageInterpolation interpolation, ImageCrop crop,
        double scale, IReadOnlyList<double> mean, IReadOnlyList<double> std, TensorLayout layout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        Resize = resize;
        Interpolation = interpolation;
        Crop = crop;
        Layout = layout;
        // A scale of 1/N is applied as a division by N: torchvision's ToTensor computes x / 255, which differs from
        // x × (1/255) in the last bit for some x.
        var reciprocal = 1.0 / scale;
        var whole = Math.Round(reciprocal);
        (_divisor, _scale) = whole >= 1 && Math.Abs(reciprocal - whole) < 1e-9 * whole ? ((float)whole, 1f) : (1f, (float)scale);
        _mean = [(float)mean[0], (float)mean[1], (float)mean[2]];
        _std = [(float)std[0], (float)std[1], (float)std[2]];
    }

    public int Size { get; }
    public ImageResize Resize { get; }
    public ImageInterpolation Interpolation { get; }
    public ImageCrop Crop { get; }
    public TensorLayout Layout { get; }

    /// <summary>Values per image: 3 × size × size.</summary>
    public int TensorLength => 3 * Size * Size;

    public static ImagePreprocessor From(EncoderConfig config) =>
        new(config.ImageSize, config.Resize, config.Interpolation, config.Crop, config.Scale, config.Mean, config.Std, config.Layout);

    /// <summary>The model input for <paramref name="image"/>.</summary>
    public float[] ToTensor(FloatImage image)
    {
        var tensor = new float[TensorLength];
        Write(image, tensor);
        return tensor;
    }

    /// <summary>Writes the model input for <paramref name="image"/> into <paramref name="tensor"/> (<see cref="TensorLength"/> values).</summary>
    public void Write(FloatImage image, Span<float> tensor)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (tensor.Length != TensorLength) throw new ArgumentException($"The tensor needs {TensorLength} values.", nameof(tensor));
        var planes = ResizeAndCrop(image);
        var area = Size * Size;
        for (var c = 0; c < 3; c++)
        {
            var plane = planes[c];
            var mean = _mean[c];
            var std = _std[c];
            for (var i = 0; i < area; i++)
            {
                var value = (plane[i] * _scale / _divisor - mean) / std;
                tensor[Layout == TensorLayout.Nchw ? c * area + i : i * 3 + c] = value;
            }
        }
    }

    /// <summary>The three 8-bit planes (R, G, B) of size × size the tensor is made from.</summary>
    public byte[][] ResizeAndCrop(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int width = image.Width, height = image.Height;
        int newWidth, newHeight;
        if (Resize == ImageResize.Stretch)
        {
            (newWidth, newHeight) = (Size, Size);
        }
        else if (width <= height)
        {
            (newWidth, newHeight) = (Size, (int)((double)Size * height / width));
        }
        else
        {
            (newWidth, newHeight) = ((int)((double)Size * width / height), Size);
        }
        newWidth = Math.Max(newWidth, 1);
        newHeight = Math.Max(newHeight, 1);
        var left = CropOffset(newWidth);
        var top = CropOffset(newHeight);
        var planes = new byte[3][];
        for (var c = 0; c < 3; c++)
        {
            var source = image.Planes[image.Channels == 1 ? 0 : c];
            var bytes = new byte[source.Length];
            for (var i = 0; i < bytes.Length; i++) bytes[i] = FloatImage.ToByte(source[i]);
            var resized = PilResampler.Resize(bytes, width, height, newWidth, newHeight, Interpolation);
            planes[c] = newWidth == Size && newHeight == Size ? resized : Cut(resized, newWidth, left, top);
        }
        return planes;
    }

    private int CropOffset(int side) =>
        // torchvision: int(round((side - size) / 2.0)), and Python rounds halves to even.
        (int)Math.Round((side - Size) / 2.0, MidpointRounding.ToEven);

    private byte[] Cut(byte[] plane, int width, int left, int top)
    {
        var result = new byte[Size * Size];
        for (var y = 0; y < Size; y++) Array.Copy(plane, (top + y) * width + left, result, y * Size, Size);
        return result;
    }
}
