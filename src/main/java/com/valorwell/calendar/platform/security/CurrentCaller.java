package com.valorwell.calendar.platform.security;

import com.valorwell.calendar.platform.problem.ApiException;
import jakarta.enterprise.context.RequestScoped;

/** The verified caller of the current request, set by {@link AuthenticationFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller; a request that reached here unauthenticated is answered 401. */
    public Caller get() {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        return caller;
    }
}
