package io.eventplatform.registration.ticket;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * Ticket QR codes from zxing's matrix, drawn here as SVG and as a 1-bit PNG. Neither touches
 * java.awt/ImageIO, so the native executable needs no AWT libraries or reflection setup.
 */
public final class QrCodes {

    /** Quiet zone the QR spec asks for, in modules. */
    private static final int QUIET_ZONE = 4;

    private QrCodes() {
    }

    /** The code's modules, quiet zone included; one bit per module. */
    static BitMatrix matrix(String content) {
        try {
            return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.MARGIN, QUIET_ZONE,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.ISO_8859_1.name()));
        } catch (WriterException e) {
            throw new IllegalStateException("ticket too long for a QR code", e);
        }
    }

    /** SVG with one path of dark runs per row; scales to any size without blurring. */
    public static String svg(String content) {
        BitMatrix matrix = matrix(content);
        int size = matrix.getWidth();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < size; y++) {
            int x = 0;
            while (x < size) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < size && matrix.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(' ').append(y).append('h').append(x - start)
                        .append("v1h-").append(x - start).append('z');
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" width=\"" + size * 8 + "\" height=\"" + size * 8 + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
    }

    /** Black-and-white PNG, {@code scale} pixels per module. */
    public static byte[] png(String content, int scale) {
        BitMatrix matrix = matrix(content);
        int pixels = matrix.getWidth() * scale;
        int rowBytes = (pixels + 7) / 8;
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try (DeflaterOutputStream deflater = new DeflaterOutputStream(raw)) {
                byte[] row = new byte[rowBytes];
                for (int y = 0; y < pixels; y++) {
                    java.util.Arrays.fill(row, (byte) 0);
                    for (int x = 0; x < pixels; x++) {
                        // Grey level 1 is white: light modules set their bit.
                        if (!matrix.get(x / scale, y / scale)) {
                            row[x >> 3] |= (byte) (0x80 >>> (x & 7));
                        }
                    }
                    deflater.write(0); // filter type None
                    deflater.write(row);
                }
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(png);
            out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream ihdr = new DataOutputStream(header);
            ihdr.writeInt(pixels);
            ihdr.writeInt(pixels);
            ihdr.write(new byte[] { 1, 0, 0, 0, 0 }); // 1 bit, greyscale, deflate, no filter set, no interlace
            chunk(out, "IHDR", header.toByteArray());
            chunk(out, "IDAT", raw.toByteArray());
            chunk(out, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt(data.length);
        out.write(typeBytes);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }
}
