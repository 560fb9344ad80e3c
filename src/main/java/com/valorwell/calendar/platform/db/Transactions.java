package com.valorwell.calendar.platform.db;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.function.Supplier;

/** Runs a piece of work in a transaction for callers that deliberately run without one (around Google calls). */
@Stateless
public class Transactions {

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public <T> T required(Supplier<T> work) {
        return work.get();
    }
}
