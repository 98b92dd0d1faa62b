package memlab.nativelib;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a shared library says about itself, read from its bytes in Java, so the check of the seven
 * libraries in the jar runs on any OS without nm, objdump or otool: the file format and CPU it is
 * for, the symbols it exports, the libraries it needs and, where the format records them, the
 * oldest OS it loads on (an ELF's highest {@code GLIBC_} symbol version; a Mach-O's
 * {@code LC_BUILD_VERSION} minimum).
 *
 * <p>Reads 64-bit little-endian ELF, thin 64-bit Mach-O and PE32+: the seven platforms memlab ships.
 *
 * @param format         "ELF", "Mach-O" or "PE"
 * @param cpu            "x86_64" or "aarch64", as {@link Platform} names architectures
 * @param exports        every exported symbol's name (Mach-O's leading underscore removed)
 * @param needs          the libraries it links against (ELF DT_NEEDED, Mach-O LC_LOAD_DYLIB, PE imports)
 * @param glibcVersions  every {@code GLIBC_x.y} version it needs (ELF only)
 * @param macosMinimum   the minimum macOS, e.g. "11.0" (Mach-O only)
 */
record SharedLibraryFile(String format, String cpu, TreeSet<String> exports, List<String> needs,
                         TreeSet<String> glibcVersions, Optional<String> macosMinimum) {

    static SharedLibraryFile read(byte[] bytes) {
        ByteBuffer file = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length > 4 && file.getInt(0) == 0x464c457f) {
            return elf(file);
        }
        if (bytes.length > 4 && file.getInt(0) == 0xfeedfacf) {
            return machO(file);
        }
        if (bytes.length > 64 && bytes[0] == 'M' && bytes[1] == 'Z') {
            return pe(file);
        }
        throw new IllegalArgumentException("not a 64-bit little-endian ELF, Mach-O or PE file");
    }

    // ---- ELF: section headers; .dynsym for exports, .dynamic for DT_NEEDED, .gnu.version_r for GLIBC_ ----

    private static final int SHT_DYNAMIC = 6;
    private static final int SHT_DYNSYM = 11;
    private static final int SHT_GNU_VERNEED = 0x6ffffffe;

    private static SharedLibraryFile elf(ByteBuffer file) {
        if (file.get(4) != 2 || file.get(5) != 1) {
            throw new IllegalArgumentException("ELF, but not 64-bit little-endian");
        }
        String cpu = switch (file.getShort(0x12)) {
            case 62 -> "x86_64";
            case 183 -> "aarch64";
            default -> "elf-machine-" + file.getShort(0x12);
        };
        long sectionTable = file.getLong(0x28);
        int entrySize = Short.toUnsignedInt(file.getShort(0x3a));
        int sections = Short.toUnsignedInt(file.getShort(0x3c));
        TreeSet<String> exports = new TreeSet<>();
        List<String> needs = new ArrayList<>();
        TreeSet<String> glibc = new TreeSet<>(SharedLibraryFile::compareVersions);
        for (int i = 0; i < sections; i++) {
            int header = Math.toIntExact(sectionTable + (long) i * entrySize);
            int type = file.getInt(header + 4);
            int offset = Math.toIntExact(file.getLong(header + 24));
            int size = Math.toIntExact(file.getLong(header + 32));
            int strings = elfSectionOffset(file, sectionTable, entrySize, file.getInt(header + 40));
            if (type == SHT_DYNSYM) {
                for (int symbol = offset; symbol < offset + size; symbol += 24) {
                    int bind = (file.get(symbol + 4) & 0xff) >> 4;       // 1 global, 2 weak
                    int visibility = file.get(symbol + 5) & 3;           // 0 default, 3 protected
                    boolean defined = file.getShort(symbol + 6) != 0;    // not SHN_UNDEF
                    if ((bind == 1 || bind == 2) && (visibility == 0 || visibility == 3) && defined) {
                        exports.add(cString(file, strings + file.getInt(symbol)));
                    }
                }
            } else if (type == SHT_DYNAMIC) {
                for (int entry = offset; entry < offset + size; entry += 16) {
                    if (file.getLong(entry) == 1) { // DT_NEEDED
                        needs.add(cString(file, strings + Math.toIntExact(file.getLong(entry + 8))));
                    }
                }
            } else if (type == SHT_GNU_VERNEED) {
                int need = offset;
                for (int n = 0; n < file.getInt(header + 44); n++) {   // sh_info: how many Verneed
                    int aux = need + file.getInt(need + 8);
                    for (int a = 0; a < Short.toUnsignedInt(file.getShort(need + 2)); a++) {
                        String version = cString(file, strings + file.getInt(aux + 8));
                        if (version.startsWith("GLIBC_") && Character.isDigit(version.charAt(6))) {
                            glibc.add(version.substring("GLIBC_".length()));
                        }
                        aux += file.getInt(aux + 12);
                    }
                    need += file.getInt(need + 12);
                }
            }
        }
        return new SharedLibraryFile("ELF", cpu, exports, needs, glibc, Optional.empty());
    }

    private static int elfSectionOffset(ByteBuffer file, long sectionTable, int entrySize, int section) {
        return Math.toIntExact(file.getLong(Math.toIntExact(sectionTable + (long) section * entrySize) + 24));
    }

    // ---- Mach-O: load commands; LC_SYMTAB for exports, LC_LOAD_DYLIB, LC_BUILD_VERSION ----

    private static final int LC_SYMTAB = 0x2;
    private static final int LC_LOAD_DYLIB = 0xc;
    private static final int LC_BUILD_VERSION = 0x32;

    private static SharedLibraryFile machO(ByteBuffer file) {
        String cpu = switch (file.getInt(4)) {
            case 0x01000007 -> "x86_64";
            case 0x0100000c -> "aarch64";
            default -> "macho-cpu-" + Integer.toHexString(file.getInt(4));
        };
        TreeSet<String> exports = new TreeSet<>();
        List<String> needs = new ArrayList<>();
        Optional<String> minimum = Optional.empty();
        int command = 32;
        for (int i = 0; i < file.getInt(16); i++) {
            int kind = file.getInt(command) & 0x7fffffff; // without LC_REQ_DYLD
            if (kind == LC_SYMTAB) {
                int symbols = file.getInt(command + 8);
                int strings = file.getInt(command + 16);
                for (int s = 0; s < file.getInt(command + 12); s++) {
                    int entry = symbols + s * 16;
                    int type = file.get(entry + 4) & 0xff;
                    boolean stab = (type & 0xe0) != 0;
                    boolean privateExtern = (type & 0x10) != 0;
                    boolean external = (type & 0x01) != 0;
                    boolean definedInSection = (type & 0x0e) == 0x0e;
                    if (!stab && !privateExtern && external && definedInSection) {
                        String name = cString(file, strings + file.getInt(entry));
                        exports.add(name.startsWith("_") ? name.substring(1) : name);
                    }
                }
            } else if (kind == LC_LOAD_DYLIB) {
                needs.add(cString(file, command + file.getInt(command + 8)));
            } else if (kind == LC_BUILD_VERSION) {
                int version = file.getInt(command + 12); // xxxx.yy.zz in nibbles
                minimum = Optional.of((version >>> 16) + "." + ((version >>> 8) & 0xff)
                        + ((version & 0xff) == 0 ? "" : "." + (version & 0xff)));
            }
            command += file.getInt(command + 4);
        }
        return new SharedLibraryFile("Mach-O", cpu, exports, needs, new TreeSet<>(), minimum);
    }

    // ---- PE32+: the export directory's name table and the import descriptors' DLL names ----

    private static SharedLibraryFile pe(ByteBuffer file) {
        int pe = file.getInt(0x3c);
        if (file.getInt(pe) != 0x00004550) { // "PE\0\0"
            throw new IllegalArgumentException("MZ header without a PE header");
        }
        int coff = pe + 4;
        String cpu = switch (Short.toUnsignedInt(file.getShort(coff))) {
            case 0x8664 -> "x86_64";
            case 0xaa64 -> "aarch64";
            default -> "pe-machine-" + Integer.toHexString(Short.toUnsignedInt(file.getShort(coff)));
        };
        int optional = coff + 20;
        if (file.getShort(optional) != 0x20b) {
            throw new IllegalArgumentException("PE, but not PE32+ (64-bit)");
        }
        int sectionTable = optional + Short.toUnsignedInt(file.getShort(coff + 16));
        int sections = Short.toUnsignedInt(file.getShort(coff + 2));
        int dataDirectories = optional + 112;
        TreeSet<String> exports = new TreeSet<>();
        int exportRva = file.getInt(dataDirectories);
        if (exportRva != 0) {
            int directory = rvaToOffset(file, sectionTable, sections, exportRva);
            int names = rvaToOffset(file, sectionTable, sections, file.getInt(directory + 32));
            for (int i = 0; i < file.getInt(directory + 24); i++) {
                exports.add(cString(file, rvaToOffset(file, sectionTable, sections, file.getInt(names + 4 * i))));
            }
        }
        List<String> needs = new ArrayList<>();
        int importRva = file.getInt(dataDirectories + 8);
        if (importRva != 0) {
            for (int descriptor = rvaToOffset(file, sectionTable, sections, importRva);
                 file.getInt(descriptor + 12) != 0; descriptor += 20) {
                needs.add(cString(file, rvaToOffset(file, sectionTable, sections, file.getInt(descriptor + 12))));
            }
        }
        return new SharedLibraryFile("PE", cpu, exports, needs, new TreeSet<>(), Optional.empty());
    }

    private static int rvaToOffset(ByteBuffer file, int sectionTable, int sections, int rva) {
        for (int i = 0; i < sections; i++) {
            int header = sectionTable + 40 * i;
            int address = file.getInt(header + 12);
            int extent = Math.max(file.getInt(header + 8), file.getInt(header + 16));
            if (Integer.compareUnsigned(rva, address) >= 0 && Integer.compareUnsigned(rva, address + extent) < 0) {
                return rva - address + file.getInt(header + 20);
            }
        }
        throw new IllegalArgumentException("address 0x" + Integer.toHexString(rva) + " is in no section");
    }

    // ---- shared ----

    private static String cString(ByteBuffer file, int offset) {
        int end = offset;
        while (file.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - offset];
        file.get(offset, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** "2.3.4" before "2.34": numeric, part by part. */
    static int compareVersions(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            int l = i < left.length ? Integer.parseInt(left[i]) : 0;
            int r = i < right.length ? Integer.parseInt(right[i]) : 0;
            if (l != r) {
                return Integer.compare(l, r);
            }
        }
        return 0;
    }
}
