package io.linnet.files;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The libc calls confined access needs. Paths go as NUL-terminated UTF-8 bytes, whatever the
 * JVM's default encoding is.
 */
interface LibC extends Library {

    LibC C = Native.load("c", LibC.class);

    long syscall(long number, long dirfd, byte[] path, Pointer how, long size) throws LastErrorException;

    int openat(int dirfd, byte[] path, int flags, int mode) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int dup(int fd) throws LastErrorException;

    int statx(int dirfd, byte[] path, int flags, int mask, Pointer buf) throws LastErrorException;

    int mkdirat(int dirfd, byte[] path, int mode) throws LastErrorException;

    int symlinkat(byte[] target, int dirfd, byte[] path) throws LastErrorException;

    int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags) throws LastErrorException;

    int unlinkat(int dirfd, byte[] path, int flags) throws LastErrorException;

    int fchownat(int dirfd, byte[] path, int uid, int gid, int flags) throws LastErrorException;

    int chmod(byte[] path, int mode) throws LastErrorException;

    int utimensat(int dirfd, byte[] path, long[] times, int flags) throws LastErrorException;

    long readlinkat(int dirfd, byte[] path, byte[] buf, long size) throws LastErrorException;

    int mount(byte[] source, byte[] target, byte[] fstype, long flags, Pointer data) throws LastErrorException;

    Pointer fdopendir(int fd) throws LastErrorException;

    void rewinddir(Pointer dir);

    Pointer readdir(Pointer dir);

    int closedir(Pointer dir);
}
